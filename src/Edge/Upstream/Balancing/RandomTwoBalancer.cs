namespace Edge.Upstream.Balancing;

/// <summary>
/// Power of two choices: two candidates drawn at random (weighted, through the <see cref="WeightTable"/>),
/// the one with fewer requests in flight per weight wins. Near least-requests quality without scanning
/// every endpoint, and without every gateway herding onto the same "least" endpoint. The random source is
/// injectable for tests (the default, <see cref="Random.Shared"/>, is thread-safe and allocation-free).
/// </summary>
internal sealed class RandomTwoBalancer : IBalancer
{
    private readonly UpstreamEndpoint[] _endpoints;
    private readonly int[] _table;
    private readonly Random _random;

    public RandomTwoBalancer(UpstreamEndpoint[] endpoints, Random random)
    {
        _endpoints = endpoints;
        _table = WeightTable.Build(endpoints);
        _random = random;
    }

    public UpstreamEndpoint? Pick()
    {
        var table = _table;
        if (table.Length == 0) return null;
        var a = _endpoints[table[_random.Next(table.Length)]];
        var b = _endpoints[table[_random.Next(table.Length)]];
        var aUp = a.Health.IsAvailable;
        var bUp = b.Health.IsAvailable;
        if (aUp && bUp) return Lighter(a, b);
        if (aUp) return a;
        if (bUp) return b;
        return FirstAvailable(_random.Next(_endpoints.Length));
    }

    private static UpstreamEndpoint Lighter(UpstreamEndpoint a, UpstreamEndpoint b)
    {
        long loadA = Volatile.Read(ref a.InFlight) + 1, loadB = Volatile.Read(ref b.InFlight) + 1;
        return loadB * a.Weight < loadA * b.Weight ? b : a;
    }

    /// <summary>Both draws were unavailable: fall back to a scan so a healthy endpoint is never missed.</summary>
    private UpstreamEndpoint? FirstAvailable(int start)
    {
        for (var k = 0; k < _endpoints.Length; k++)
        {
            var e = _endpoints[(start + k) % _endpoints.Length];
            if (e.Health.IsAvailable) return e;
        }
        return null;
    }
}
