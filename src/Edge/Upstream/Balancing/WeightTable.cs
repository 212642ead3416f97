namespace Edge.Upstream.Balancing;

/// <summary>
/// Expands endpoint weights into an index sequence once, at compile time, so weighted choice on the
/// request path is one array read. The sequence is nginx's smooth weighted round robin (weights 5,1,1
/// give a a b a c a a, not a a a a a b c), reduced by the weights' GCD so equal weights give one slot each.
/// </summary>
internal static class WeightTable
{
    public static int[] Build(UpstreamEndpoint[] endpoints)
    {
        if (endpoints.Length == 0) return [];
        var gcd = 0;
        foreach (var e in endpoints) gcd = Gcd(gcd, e.Weight);
        var weights = new int[endpoints.Length];
        var total = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            weights[i] = endpoints[i].Weight / gcd;
            total += weights[i];
        }
        var table = new int[total];
        var current = new int[endpoints.Length];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best]) best = i;
            }
            current[best] -= total;
            table[slot] = best;
        }
        return table;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
