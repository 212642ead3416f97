namespace Edge.Routing;

/// <summary>
/// Collects routes ending at one trie position, one slot per method plus an all-methods slot.
/// The first definition to claim a slot keeps it; a later claim is a conflict.
/// </summary>
/// <remarks>
/// Slots are kept per claiming route (the methods it claimed as one mask), not per method: a position
/// usually has one or two routes, and a 10,000-route trie has as many positions.
/// </remarks>
internal sealed class RouteEndpointsBuilder
{
    // The first claim inline (most positions have one route), further ones in _more.
    private Claim _first;
    private Claim[]? _more;
    private int _count;
    private ulong _claimed;
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

        if ((methodMask & _claimed) != 0)
        {
            for (var i = 0; i < _count; i++)
            {
                if ((At(i).Mask & methodMask) != 0)
                {
                    holders.Add(At(i).RouteIndex);
                }
            }
        }

        var fresh = methodMask & ~_claimed;
        if (fresh == 0)
        {
            return false;
        }

        _claimed |= fresh;
        if (_count > 0 && At(_count - 1).RouteIndex == routeIndex)
        {
            At(_count - 1).Mask |= fresh;
            return true;
        }

        if (_count > 0 && (_more is null || _count - 1 == _more.Length))
        {
            Array.Resize(ref _more, _more is null ? 2 : _more.Length * 2);
        }

        At(_count++) = new Claim { Mask = fresh, RouteIndex = routeIndex, RouteId = routeId };
        return true;
    }

    private ref Claim At(int index) => ref index == 0 ? ref _first : ref _more![index - 1];

    public RouteEndpoints Freeze()
    {
        // One mask per route, in route order: lookups scan masks, and a route usually holds several methods.
        Span<Claim> claims = _count <= 1 ? new Span<Claim>(ref _first)[.._count] : Gather();
        if (!IsOrderedByRoute(claims))
        {
            claims = Merge(claims);
        }

        var masks = claims.Length == 0 ? [] : new ulong[claims.Length];
        var routeIds = claims.Length == 0 ? [] : new int[claims.Length];
        for (var i = 0; i < claims.Length; i++)
        {
            masks[i] = claims[i].Mask;
            routeIds[i] = claims[i].RouteId;
        }

        return new RouteEndpoints(masks, routeIds, _any?.RouteId);
    }

    private Span<Claim> Gather()
    {
        var all = new Claim[_count];
        all[0] = _first;
        _more.AsSpan(0, _count - 1).CopyTo(all.AsSpan(1));
        return all;
    }

    private static bool IsOrderedByRoute(ReadOnlySpan<Claim> claims)
    {
        for (var i = 1; i < claims.Length; i++)
        {
            if (claims[i].RouteIndex <= claims[i - 1].RouteIndex)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Claims sorted by route and merged per route (only when routes were added out of order).</summary>
    private static Span<Claim> Merge(ReadOnlySpan<Claim> claims)
    {
        var sorted = claims.ToArray();
        Array.Sort(sorted, static (a, b) => a.RouteIndex.CompareTo(b.RouteIndex));
        var n = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (n > 0 && sorted[n - 1].RouteIndex == sorted[i].RouteIndex)
            {
                sorted[n - 1].Mask |= sorted[i].Mask;
            }
            else
            {
                sorted[n++] = sorted[i];
            }
        }

        return sorted.AsSpan(0, n);
    }

    private struct Claim
    {
        public ulong Mask;
        public int RouteIndex;
        public int RouteId;
    }
}
