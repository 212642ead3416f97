namespace Edge.Upstream.Balancing;

/// <summary>
/// Least requests: the available endpoint with the fewest requests in flight per unit of weight
/// (compared as (inFlight + 1) / weight by cross-multiplication, no division). The scan starts at a
/// rotating offset so ties (an idle cluster: every count 0) spread instead of all landing on the first.
/// </summary>
internal sealed class LeastRequestsBalancer : IBalancer
{
    private readonly UpstreamEndpoint[] _endpoints;
    private int _next = -1;

    public LeastRequestsBalancer(UpstreamEndpoint[] endpoints) => _endpoints = endpoints;

    public UpstreamEndpoint? Pick()
    {
        var endpoints = _endpoints;
        if (endpoints.Length == 0) return null;
        var start = (uint)Interlocked.Increment(ref _next) % (uint)endpoints.Length;
        UpstreamEndpoint? best = null;
        long bestLoad = 0, bestWeight = 1;
        for (var k = 0u; k < (uint)endpoints.Length; k++)
        {
            var i = start + k;
            if (i >= (uint)endpoints.Length) i -= (uint)endpoints.Length;
            var e = endpoints[i];
            if (!e.Health.IsAvailable) continue;
            long load = Volatile.Read(ref e.InFlight) + 1;
            if (best is null || load * bestWeight < bestLoad * e.Weight)
            {
                best = e;
                bestLoad = load;
                bestWeight = e.Weight;
            }
        }
        return best;
    }
}
