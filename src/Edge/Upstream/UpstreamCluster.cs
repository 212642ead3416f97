using Edge.Upstream.Balancing;
using Edge.Upstream.Health;
using Edge.Upstream.Retries;

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
        ActiveHealthOptions? health, UpstreamPoolOptions options, object definition, Random? random = null, RetryPolicy? retry = null)
    {
        Name = name;
        _endpoints = endpoints;
        _failover = failover;
        Options = options;
        Definition = definition;
        Balance = balance;
        Retry = retry ?? RetryPolicy.None;
        RetryBudget = new RetryBudget(Retry.Budget);
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

    public RetryPolicy Retry { get; }

    /// <summary>Shared by every request on this cluster; survives a reload with the cluster.</summary>
    public RetryBudget RetryBudget { get; }

    /// <summary>An available endpoint for one request, or null when every primary and failover is down.</summary>
    public UpstreamEndpoint? Pick() => _primary.Pick() ?? _secondary?.Pick();

    /// <summary>
    /// An available endpoint a retry has not tried yet (primaries first, then failovers), or null. Rare
    /// path, so a scan with a rotating cursor rather than the balancer: retries spread evenly over the
    /// remaining endpoints without disturbing the balancer's own rotation (weights are not applied). Endpoints past the 64th have no bit in
    /// <paramref name="tried"/> and are only told apart from <paramref name="last"/>.
    /// </summary>
    public UpstreamEndpoint? PickUntried(ulong tried, UpstreamEndpoint last)
    {
        var start = (uint)Interlocked.Increment(ref _retryCursor);
        return Scan(_endpoints, 0, tried, last, start) ?? Scan(_failover, _endpoints.Length, tried, last, start);
    }

    /// <summary>This endpoint's bit in a retry's tried-set (0 past the 64th endpoint).</summary>
    public ulong TriedBit(UpstreamEndpoint endpoint)
    {
        var index = Array.IndexOf(_endpoints, endpoint);
        if (index < 0 && (index = Array.IndexOf(_failover, endpoint)) >= 0) index += _endpoints.Length;
        return index is >= 0 and < 64 ? 1UL << index : 0;
    }

    /// <summary>Requests in flight on all endpoints: the base the retry budget is a share of.</summary>
    public int LiveRequests()
    {
        var live = 0;
        foreach (var e in _endpoints) live += Volatile.Read(ref e.InFlight);
        foreach (var e in _failover) live += Volatile.Read(ref e.InFlight);
        return live;
    }

    private int _retryCursor;
    private long _unavailable;

    /// <summary>Requests answered 503 at once because no endpoint was available (for metrics).</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    public void RecordUnavailable() => Interlocked.Increment(ref _unavailable);

    private static UpstreamEndpoint? Scan(UpstreamEndpoint[] set, int offset, ulong tried, UpstreamEndpoint last, uint start)
    {
        // Two passes: count the candidates, then take the (start mod count)-th, so each remaining
        // endpoint gets an equal share of retries (a plain "first from a rotating start" would favour
        // the endpoint right after a tried one).
        var candidates = 0;
        for (var i = 0; i < set.Length; i++)
            if (IsCandidate(set, offset, i, tried, last)) candidates++;
        if (candidates == 0) return null;
        var skip = (int)(start % (uint)candidates);
        for (var i = 0; i < set.Length; i++)
        {
            if (!IsCandidate(set, offset, i, tried, last)) continue;
            if (skip-- == 0) return set[i];
        }
        return null;
    }

    private static bool IsCandidate(UpstreamEndpoint[] set, int offset, int i, ulong tried, UpstreamEndpoint last)
    {
        var e = set[i];
        var bit = offset + i < 64 ? 1UL << (offset + i) : 0;
        return (tried & bit) == 0 && !ReferenceEquals(e, last) && e.Health.IsAvailable;
    }

    public async ValueTask DisposeAsync()
    {
        if (_checker is not null) await _checker.DisposeAsync().ConfigureAwait(false);
        foreach (var e in _endpoints) await e.DisposePoolsAsync().ConfigureAwait(false);
        foreach (var e in _failover) await e.DisposePoolsAsync().ConfigureAwait(false);
    }
}
