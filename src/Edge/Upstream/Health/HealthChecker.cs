namespace Edge.Upstream.Health;

/// <summary>
/// The active checks of one cluster: a single background loop on one <see cref="PeriodicTimer"/> that
/// probes every endpoint (primaries and failovers) in parallel each interval. One loop per cluster, not
/// per request or per endpoint. Disposed with the cluster; a reload that keeps the cluster keeps the loop
/// and the endpoints' state.
/// </summary>
internal sealed class HealthChecker : IAsyncDisposable
{
    private readonly UpstreamEndpoint[] _endpoints;
    private readonly ActiveHealthOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public HealthChecker(UpstreamEndpoint[] endpoints, ActiveHealthOptions options, TimeProvider? time = null)
    {
        _endpoints = endpoints;
        _options = options;
        _timer = new PeriodicTimer(options.Interval, time ?? TimeProvider.System);
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        var probes = new Task<bool>[_endpoints.Length];
        try
        {
            // Probe once at start so a down endpoint is found within one interval of the load.
            do
            {
                // A round in flight is not cancelled by dispose: each probe ends within its own timeout,
                // and every one is awaited, so once DisposeAsync returns no probe of this checker is
                // still on the wire (a cancelled probe whose request was already sent would reach the
                // endpoint afterwards).
                for (var i = 0; i < _endpoints.Length; i++)
                    probes[i] = HealthProbe.ProbeAsync(_endpoints[i], _options.Path, _options.Timeout, CancellationToken.None);
                for (var i = 0; i < _endpoints.Length; i++)
                {
                    var ok = await probes[i].ConfigureAwait(false);
                    if (!_stop.IsCancellationRequested) _endpoints[i].Health.ReportProbe(ok, _options);
                }
                if (_stop.IsCancellationRequested) return;
            }
            while (await _timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Stops the checks: no new round starts; a round in flight finishes (at most one probe timeout).</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _timer.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}
