namespace Edge.Routing;

/// <summary>
/// A frozen trie node. The same shape serves two levels: base-path nodes (literal children and an
/// <see cref="Api"/> template root where a base path ends) and template nodes (literal children, a
/// parameter child, and the routes ending here or caught by a <c>*</c> here).
/// </summary>
internal sealed class RouteNode
{
    /// <summary>
    /// Fan-out above which a hash table replaces the linear scan. A scan that rejects on length and
    /// first byte is cheaper than hashing for a handful of keys; see docs/routing.md for measurements.
    /// </summary>
    public const int HashThreshold = 8;

    private readonly byte[][] _keys;
    private readonly RouteNode[] _children;
    private readonly ByteKeyTable? _table;

    public RouteNode(byte[][] keys, RouteNode[] children, RouteNode? parameter, RouteEndpoints? terminal,
        RouteEndpoints? catchAll, RouteNode? api)
    {
        _keys = keys;
        _children = children;
        _table = keys.Length > HashThreshold ? new ByteKeyTable(keys) : null;
        Parameter = parameter;
        Terminal = terminal;
        CatchAll = catchAll;
        Api = api;
    }

    /// <summary>The <c>{name}</c> child; parameter names live in the route, not the trie.</summary>
    public RouteNode? Parameter { get; }

    /// <summary>Routes whose template ends exactly here.</summary>
    public RouteEndpoints? Terminal { get; }

    /// <summary>Routes whose template is this node's path followed by <c>/*</c>.</summary>
    public RouteEndpoints? CatchAll { get; }

    /// <summary>Base-path level only: the template trie of the APIs whose base path ends here.</summary>
    public RouteNode? Api { get; }

    public int LiteralCount => _keys.Length;

    public RouteNode? FindLiteral(ReadOnlySpan<byte> segment)
    {
        if (_table is not null)
        {
            var index = _table.IndexOf(segment);
            return index < 0 ? null : _children[index];
        }

        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            if (key.Length == segment.Length && key[0] == segment[0] && segment.SequenceEqual(key))
            {
                return _children[i];
            }
        }

        return null;
    }
}
