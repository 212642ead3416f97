using System.Text;

namespace Edge.Routing;

/// <summary>Mutable trie node used only while compiling; frozen into a <see cref="RouteNode"/>.</summary>
internal sealed class RouteTrieBuilderNode
{
    private Dictionary<string, RouteTrieBuilderNode>? _literals;

    public RouteTrieBuilderNode? Parameter { get; private set; }

    public RouteEndpointsBuilder? Terminal { get; private set; }

    public RouteEndpointsBuilder? CatchAll { get; private set; }

    public RouteTrieBuilderNode? Api { get; private set; }

    public RouteTrieBuilderNode GetOrAddLiteral(string segment)
    {
        _literals ??= new Dictionary<string, RouteTrieBuilderNode>(StringComparer.Ordinal);
        if (!_literals.TryGetValue(segment, out var child))
        {
            child = new RouteTrieBuilderNode();
            _literals.Add(segment, child);
        }

        return child;
    }

    public RouteTrieBuilderNode GetOrAddParameter() => Parameter ??= new RouteTrieBuilderNode();

    public RouteTrieBuilderNode GetOrAddApi() => Api ??= new RouteTrieBuilderNode();

    public RouteEndpointsBuilder GetOrAddTerminal() => Terminal ??= new RouteEndpointsBuilder();

    public RouteEndpointsBuilder GetOrAddCatchAll() => CatchAll ??= new RouteEndpointsBuilder();

    public RouteNode Freeze()
    {
        byte[][] keys = [];
        RouteNode[] children = [];
        if (_literals is not null)
        {
            // Sorted so that a node's layout does not depend on config order (stable benchmarks, diffs).
            var ordered = _literals.OrderBy(static p => p.Key, StringComparer.Ordinal).ToArray();
            keys = [.. ordered.Select(static p => Encoding.UTF8.GetBytes(p.Key))];
            children = [.. ordered.Select(static p => p.Value.Freeze())];
        }

        return new RouteNode(keys, children, Parameter?.Freeze(), Terminal?.Freeze(), CatchAll?.Freeze(), Api?.Freeze());
    }
}
