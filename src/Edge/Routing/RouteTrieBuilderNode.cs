using System.Text;

namespace Edge.Routing;

/// <summary>Mutable trie node used only while compiling; frozen into a <see cref="RouteNode"/>.</summary>
/// <remarks>
/// Most nodes have one or two literal children, so children live in small parallel arrays scanned
/// linearly; a dictionary index is added only for wide nodes (a 10,000-route config has tens of
/// thousands of nodes, and a dictionary each would dominate the compile's allocations).
/// </remarks>
internal sealed class RouteTrieBuilderNode
{
    private const int IndexThreshold = 8;

    /// <summary>Distinct segment texts whose UTF-8 form is shared; configs of unique segments gain nothing past this.</summary>
    private const int MaxSharedKeys = 1024;

    private string[]? _keys;
    private RouteTrieBuilderNode[]? _children;
    private int _count;
    private Dictionary<string, int>? _index;

    public RouteTrieBuilderNode? Parameter { get; private set; }

    public RouteEndpointsBuilder? Terminal { get; private set; }

    public RouteEndpointsBuilder? CatchAll { get; private set; }

    public RouteTrieBuilderNode? Api { get; private set; }

    public RouteTrieBuilderNode GetOrAddLiteral(string segment)
    {
        if (_index is not null)
        {
            if (_index.TryGetValue(segment, out var found))
            {
                return _children![found];
            }
        }
        else
        {
            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_keys![i], segment, StringComparison.Ordinal))
                {
                    return _children![i];
                }
            }
        }

        var child = new RouteTrieBuilderNode();
        if (_keys is null)
        {
            _keys = new string[2];
            _children = new RouteTrieBuilderNode[2];
        }
        else if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _children, _count * 2);
        }

        _keys[_count] = segment;
        _children![_count] = child;
        _index?.Add(segment, _count);
        _count++;
        if (_index is null && _count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                _index.Add(_keys[i], i);
            }
        }

        return child;
    }

    public RouteTrieBuilderNode GetOrAddParameter() => Parameter ??= new RouteTrieBuilderNode();

    public RouteTrieBuilderNode GetOrAddApi() => Api ??= new RouteTrieBuilderNode();

    public RouteEndpointsBuilder GetOrAddTerminal() => Terminal ??= new RouteEndpointsBuilder();

    public RouteEndpointsBuilder GetOrAddCatchAll() => CatchAll ??= new RouteEndpointsBuilder();

    /// <param name="keyBytes">
    /// UTF-8 forms of segment texts already encoded in this compile: the same segment ("v1", "orders")
    /// recurs under many nodes, and the frozen trie only reads its keys, so one array serves them all.
    /// </param>
    public RouteNode Freeze(Dictionary<string, byte[]> keyBytes)
    {
        byte[][] keys = [];
        RouteNode[] children = [];
        if (_count > 0)
        {
            // Sorted so that a node's layout does not depend on config order (stable benchmarks, diffs).
            // In place: the arrays stay consistent, only the index would go stale, so it is dropped.
            var names = _keys!;
            var builders = _children!;
            if (_count > 1)
            {
                Array.Sort(names, builders, 0, _count, StringComparer.Ordinal);
                _index = null;
            }

            keys = new byte[_count][];
            children = new RouteNode[_count];
            for (var i = 0; i < _count; i++)
            {
                if (!keyBytes.TryGetValue(names[i], out var bytes))
                {
                    bytes = Encoding.UTF8.GetBytes(names[i]);
                    if (keyBytes.Count < MaxSharedKeys)
                    {
                        keyBytes.Add(names[i], bytes);
                    }
                }

                keys[i] = bytes;
                children[i] = builders[i].Freeze(keyBytes);
            }
        }

        return new RouteNode(keys, children, Parameter?.Freeze(keyBytes), Terminal?.Freeze(), CatchAll?.Freeze(), Api?.Freeze(keyBytes));
    }
}
