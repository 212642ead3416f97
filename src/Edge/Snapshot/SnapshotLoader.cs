using Edge.Config;

namespace Edge.Snapshot;

/// <summary>
/// From config bytes to a runnable snapshot, or to every reason it cannot run — each as
/// <c>file:line:col: key.path: message</c>. One path for startup, SIGHUP reload, <c>edge check</c> and
/// tests, so they can never disagree about what is valid.
/// </summary>
internal static class SnapshotLoader
{
    public static SnapshotLoadResult Load(ReadOnlySpan<byte> bytes, string path, long generation, RuntimeSnapshot? previous)
    {
        var loaded = ConfigLoader.LoadFromBytes(bytes, path);
        if (loaded.Config is not { } config)
            return new SnapshotLoadResult(null, loaded.Diagnostics.Select(d => d.ToString()).ToList(), loaded.Summary);

        var snapshot = SnapshotCompiler.Compile(config, bytes, path, generation, previous, out var problems);
        if (problems.Count == 0) return new SnapshotLoadResult(snapshot, [], loaded.Summary) { SourceMap = loaded.SourceMap };

        // Refused: close what this attempt created (pools it did not take over from the previous snapshot).
        foreach (var cluster in snapshot.Clusters.Values)
        {
            if (previous is null || !previous.Clusters.Values.Contains(cluster)) cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var errors = problems
            .Select(p => (Position: loaded.SourceMap!.Get(p.KeyPath), p.KeyPath, p.Message))
            .OrderBy(p => p.Position.Line).ThenBy(p => p.Position.Column)
            .Select(p => $"{path}:{p.Position.Line}:{p.Position.Column}: {p.KeyPath}: {p.Message}")
            .ToList();
        return new SnapshotLoadResult(null, errors, $"{path}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
    }
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
}
