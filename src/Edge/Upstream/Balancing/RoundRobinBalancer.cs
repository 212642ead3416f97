namespace Edge.Upstream.Balancing;

/// <summary>
/// Weighted round robin: one shared counter (Interlocked) walks the precomputed <see cref="WeightTable"/>.
/// An unavailable endpoint's slot passes to the next slot in the table, so the others keep their
/// relative weights.
/// </summary>
internal sealed class RoundRobinBalancer : IBalancer
{
    private readonly UpstreamEndpoint[] _endpoints;
    private readonly int[] _table;
    private int _next = -1;

    public RoundRobinBalancer(UpstreamEndpoint[] endpoints)
    {
        _endpoints = endpoints;
        _table = WeightTable.Build(endpoints);
    }

    public UpstreamEndpoint? Pick()
    {
        var table = _table;
        if (table.Length == 0) return null;
        var start = (uint)Interlocked.Increment(ref _next) % (uint)table.Length;
        for (var k = 0u; k < (uint)table.Length; k++)
        {
            var slot = start + k;
            if (slot >= (uint)table.Length) slot -= (uint)table.Length;
            var e = _endpoints[table[slot]];
            if (e.Health.IsAvailable) return e;
        }
        return null;
    }
}
