namespace Edge.Routing;

/// <summary>
/// The routes that end at one trie position (exactly, or through a catch-all): up to one route per
/// method plus an optional all-methods route. A route naming the method beats the all-methods route.
/// </summary>
internal sealed class RouteEndpoints
{
    private readonly ulong[] _masks;
    private readonly int[] _routeIds;
    private readonly int _anyRouteId;
    private readonly bool _hasAny;

    /// <param name="masks">Method masks, pairwise disjoint (conflicts were removed by the compiler).</param>
    /// <param name="routeIds">Route id per mask.</param>
    /// <param name="anyRouteId">The all-methods route, if any.</param>
    public RouteEndpoints(ulong[] masks, int[] routeIds, int? anyRouteId)
    {
        _masks = masks;
        _routeIds = routeIds;
        _hasAny = anyRouteId.HasValue;
        _anyRouteId = anyRouteId.GetValueOrDefault();
        foreach (var mask in masks)
        {
            ExplicitMask |= mask;
        }
    }

    /// <summary>Methods named explicitly here; what this position contributes to a 405's Allow.</summary>
    public ulong ExplicitMask { get; }

    /// <summary>Finds the route for a method bit index (-1 = a method no route names).</summary>
    public bool TryGetRoute(int methodIndex, out int routeId)
    {
        if (methodIndex >= 0)
        {
            var bit = 1UL << methodIndex;
            if ((ExplicitMask & bit) != 0)
            {
                var masks = _masks;
                for (var i = 0; i < masks.Length; i++)
                {
                    if ((masks[i] & bit) != 0)
                    {
                        routeId = _routeIds[i];
                        return true;
                    }
                }
            }
        }

        routeId = _anyRouteId;
        return _hasAny;
    }
}
