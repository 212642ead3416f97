using Edge.Upstream.Balancing;
using Edge.Upstream.Health;

namespace Edge.Upstream;

/// <summary>
/// A named group of endpoints (one <c>[[upstreams]]</c> entry at run time): primaries and failovers,
/// each with a balancer, plus the optional active health checker. <see cref="Pick"/> asks the primaries'
/// balancer first and the failovers' only when no primary is available; null means nothing is (503).
/// </summary>
internal sealed class UpstreamCluster : IAsyncDisposable
{
    private readonly UpstreamEndpoint[] _endpoints;
    private readonly UpstreamEndpoint[] _failover;
    private readonly IBalancer _primary;
    private readonly IBalancer? _secondary;
    private readonly HealthChecker? _checker;

    public UpstreamCluster(string name, UpstreamEndpoint[] endpoints, UpstreamPoolOptions options, object definition)
        : this(name, endpoints, [], BalanceMode.RoundRobin, null, options, definition)
    {
    }

    public UpstreamCluster(string name, UpstreamEndpoint[] endpoints, UpstreamEndpoint[] failover, BalanceMode balance,
        ActiveHealthOptions? health, UpstreamPoolOptions options, object definition, Random? random = null)
    {
        Name = name;
        _endpoints = endpoints;
        _failover = failover;
        Options = options;
        Definition = definition;
        Balance = balance;
        _primary = BalancerFactory.Create(balance, endpoints, random);
        _secondary = failover.Length == 0 ? null : BalancerFactory.Create(balance, failover, random);
        if (health is not null) _checker = new HealthChecker([.. endpoints, .. failover], health);
    }

    public string Name { get; }
    public UpstreamPoolOptions Options { get; }
    public BalanceMode Balance { get; }
    public IReadOnlyList<UpstreamEndpoint> Endpoints => _endpoints;
    public IReadOnlyList<UpstreamEndpoint> Failover => _failover;

    /// <summary>The config this cluster was built from; a reload keeps the cluster (and its pools) when it is equal.</summary>
    public object Definition { get; }

    /// <summary>An available endpoint for one request, or null when every primary and failover is down.</summary>
    public UpstreamEndpoint? Pick() => _primary.Pick() ?? _secondary?.Pick();

    public async ValueTask DisposeAsync()
    {
        if (_checker is not null) await _checker.DisposeAsync().ConfigureAwait(false);
        foreach (var e in _endpoints) await e.Pool.DisposeAsync().ConfigureAwait(false);
        foreach (var e in _failover) await e.Pool.DisposeAsync().ConfigureAwait(false);
    }
}
