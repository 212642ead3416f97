namespace Edge.Routing;

/// <summary>
/// Collects routes ending at one trie position, one slot per method plus an all-methods slot.
/// The first definition to claim a slot keeps it; a later claim is a conflict.
/// </summary>
internal sealed class RouteEndpointsBuilder
{
    private readonly Dictionary<int, (int RouteIndex, int RouteId)> _byMethod = [];
    private (int RouteIndex, int RouteId)? _any;

    /// <summary>
    /// Claims slots. Adds to <paramref name="holders"/> the earlier routes that already held any of
    /// them; returns true when the route claimed at least one slot.
    /// </summary>
    public bool Add(int routeIndex, int routeId, ulong methodMask, bool allMethods, ISet<int> holders)
    {
        if (allMethods)
        {
            if (_any is { } held)
            {
                holders.Add(held.RouteIndex);
                return false;
            }

            _any = (routeIndex, routeId);
            return true;
        }

        var claimed = false;

        for (var bit = 0; bit < MethodTable.MaxMethods; bit++)
        {
            if ((methodMask & (1UL << bit)) == 0)
            {
                continue;
            }

            if (_byMethod.TryGetValue(bit, out var held))
            {
                holders.Add(held.RouteIndex);
            }
            else
            {
                _byMethod.Add(bit, (routeIndex, routeId));
                claimed = true;
            }
        }

        return claimed;
    }

    public RouteEndpoints Freeze()
    {
        // One mask per route: lookups scan masks, and a route usually holds several methods.
        var groups = _byMethod
            .GroupBy(static p => p.Value.RouteIndex)
            .OrderBy(static g => g.Key)
            .Select(static g => (Mask: g.Aggregate(0UL, static (m, p) => m | (1UL << p.Key)), g.First().Value.RouteId))
            .ToArray();
        return new RouteEndpoints(
            [.. groups.Select(static g => g.Mask)],
            [.. groups.Select(static g => g.RouteId)],
            _any?.RouteId);
    }
}
