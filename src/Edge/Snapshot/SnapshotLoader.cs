using Edge.Config;

namespace Edge.Snapshot;

/// <summary>
/// From config bytes to a runnable snapshot, or to every reason it cannot run — each as
/// <c>file:line:col: key.path: message</c>. One path for startup, SIGHUP reload, <c>edge check</c> and
/// tests, so they can never disagree about what is valid.
/// </summary>
internal static class SnapshotLoader
{
    /// <param name="tlsLog">Where TLS handshake failures go (listeners and upstreams); defaults to the previous snapshot's.</param>
    /// <param name="time">The clock of token and credential checks (tests); defaults to the previous snapshot's, else the system clock.</param>
    public static SnapshotLoadResult Load(ReadOnlySpan<byte> bytes, string path, long generation, RuntimeSnapshot? previous, HostResolver? resolver = null,
        Edge.Transport.Tls.TlsFailureLog? tlsLog = null, TimeProvider? time = null)
    {
        var loaded = ConfigLoader.LoadFromBytes(bytes, path);
        if (loaded.Config is not { } config)
            return new SnapshotLoadResult(null, loaded.Diagnostics.Select(d => d.ToString()).ToList(), loaded.Summary);

        var snapshot = SnapshotCompiler.Compile(config, bytes, path, generation, previous, out var all, resolver, tlsLog, time);
        var warnings = Render(all.Where(p => p.Warning), path, loaded.SourceMap!, "warning: ");
        var problems = all.Where(p => !p.Warning).ToList();
        if (problems.Count == 0) return new SnapshotLoadResult(snapshot, [], loaded.Summary) { SourceMap = loaded.SourceMap, Warnings = warnings };

        // Refused: close what this attempt created (pools it did not take over from the previous snapshot).
        foreach (var cluster in snapshot.Clusters.Values)
        {
            if (previous is null || !previous.Clusters.Values.Contains(cluster)) cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var errors = Render(problems, path, loaded.SourceMap!);
        return new SnapshotLoadResult(null, errors, $"{path}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}") { Warnings = warnings };
    }

    private static List<string> Render(IEnumerable<SnapshotProblem> problems, string path, Edge.Config.Binding.SourceMap map, string kind = "") => problems
        .Select(p => (Position: map.Get(p.KeyPath), p.KeyPath, p.Message))
        .OrderBy(p => p.Position.Line).ThenBy(p => p.Position.Column)
        .Select(p => $"{path}:{p.Position.Line}:{p.Position.Column}: {kind}{p.KeyPath}: {p.Message}")
        .ToList();
}

/// <summary>
/// Closes the pools <paramref name="refused"/> created itself (not those taken over from
/// <paramref name="previous"/>), for a snapshot that compiled but will never serve.
/// </summary>
internal static class SnapshotDisposal
{
    public static async Task DisposeUnsharedAsync(RuntimeSnapshot refused, RuntimeSnapshot? previous)
    {
        foreach (var cluster in refused.Clusters.Values)
        {
            if (previous is null || !previous.Clusters.Values.Contains(cluster)) await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>A snapshot ready to serve, or the errors (rendered) that refused it.</summary>
/// <remarks><see cref="SourceMap"/> is set on success so later steps (binding listeners on reload) can still point at file:line:col.</remarks>
internal sealed record SnapshotLoadResult(RuntimeSnapshot? Snapshot, IReadOnlyList<string> Errors, string Summary)
{
    public Edge.Config.Binding.SourceMap? SourceMap { get; init; }

    /// <summary>Problems that do not refuse the config, rendered "file:line:col: warning: key.path: message".</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
