using System.Globalization;
using Edge.Snapshot;

namespace Edge.Hosting;

internal sealed partial class EdgeServer
{
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private long _generation = 1;

    /// <summary>
    /// Re-reads the config file, validates and compiles it off the request path, and swaps the snapshot
    /// in one reference write. On any error nothing changes and every error is reported with
    /// file:line:col. Requests in flight finish on the snapshot they started with.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync()
    {
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // A drain owns the listeners from now on; binding new ones would outlive it.
            if (_draining) return Rejected([$"{_configPath}:1:1: edge is draining; reload refused"], started);
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(_configPath).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Rejected([$"{_configPath}:1:1: {e.Message}"], started);
            }
            var previous = Snapshots.Current;
            var loaded = SnapshotLoader.Load(bytes, _configPath, previous.Generation + 1, previous);
            foreach (var warning in loaded.Warnings) _log.WriteLine(warning);
            if (loaded.Snapshot is not { } next) return Rejected(loaded.Errors, started);
            var plan = PlanListeners(next.Config);
            var (bindErrors, bound) = await BindAddedAsync(plan, next, loaded.SourceMap).ConfigureAwait(false);
            if (bindErrors.Count > 0)
            {
                await SnapshotDisposal.DisposeUnsharedAsync(next, previous).ConfigureAwait(false);
                return Rejected(bindErrors, started);
            }
            Snapshots.Swap(next);
            RefreshListenerTls(plan, next);
            var swapped = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Interlocked.Exchange(ref _generation, next.Generation);
            await CommitListenersAsync(plan, bound, next.Config.Server.DrainTimeout.ToTimeSpan()).ConfigureAwait(false);
            RetireRemovedClusters(previous, next);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Metrics.ReloadFinished(succeeded: true);
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edge: reloaded {_configPath}: generation {next.Generation}, sha256 {next.Hash[..12]}, {ConfigDiff.Describe(previous.Config, next.Config)}, {next.Routes.Length} routes, {elapsed.TotalMilliseconds:F1} ms (swapped at {swapped.TotalMilliseconds:F1} ms)"));
            return new ReloadOutcome(true, next.Generation, [], elapsed, swapped);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private ReloadOutcome Rejected(IReadOnlyList<string> errors, long started)
    {
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Metrics.ReloadFinished(succeeded: false);
        foreach (var e in errors) _log.WriteLine(e);
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edge: reload rejected ({errors.Count} error{(errors.Count == 1 ? "" : "s")}, {elapsed.TotalMilliseconds:F1} ms); still serving generation {Snapshots.Current.Generation}"));
        return new ReloadOutcome(false, Snapshots.Current.Generation, errors, elapsed, TimeSpan.Zero);
    }

    /// <summary>Clusters not carried into the new snapshot close once requests that may still use them are done.</summary>
    private void RetireRemovedClusters(RuntimeSnapshot previous, RuntimeSnapshot next)
    {
        var retired = previous.Clusters.Values.Where(c => !next.Clusters.Values.Contains(c)).ToList();
        if (retired.Count == 0) return;
        var grace = previous.Config.Server.DrainTimeout.ToTimeSpan();
        _ = Task.Run(async () =>
        {
            await Task.Delay(grace).ConfigureAwait(false);
            foreach (var c in retired) await c.DisposeAsync().ConfigureAwait(false);
        });
    }
}

/// <summary>
/// What a reload did. <paramref name="Elapsed"/> runs from the start of the reload (file read) to its
/// end (listeners committed); <paramref name="Swapped"/> is when the new snapshot was published, the
/// moment new requests start using it (zero when rejected).
/// </summary>
internal sealed record ReloadOutcome(bool Succeeded, long Generation, IReadOnlyList<string> Errors, TimeSpan Elapsed, TimeSpan Swapped);
