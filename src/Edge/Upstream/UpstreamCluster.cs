namespace Edge.Upstream;

/// <summary>
/// A named group of endpoints (one <c>[[upstreams]]</c> entry at run time). Endpoint choice is
/// lock-free round robin here; health-aware balancing policies plug in at <see cref="Pick"/>.
/// </summary>
internal sealed class UpstreamCluster : IAsyncDisposable
{
    private readonly UpstreamEndpoint[] _endpoints;
    private int _next = -1;

    public UpstreamCluster(string name, UpstreamEndpoint[] endpoints, UpstreamPoolOptions options, object definition)
    {
        Name = name;
        _endpoints = endpoints;
        Options = options;
        Definition = definition;
    }

    public string Name { get; }
    public UpstreamPoolOptions Options { get; }
    public IReadOnlyList<UpstreamEndpoint> Endpoints => _endpoints;

    /// <summary>The config this cluster was built from; a reload keeps the cluster (and its pools) when it is equal.</summary>
    public object Definition { get; }

    public UpstreamEndpoint Pick()
    {
        var i = (uint)Interlocked.Increment(ref _next);
        return _endpoints[i % (uint)_endpoints.Length];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var e in _endpoints) await e.Pool.DisposeAsync().ConfigureAwait(false);
    }
}
