namespace Edge.Routing;

/// <summary>
/// The compiled, immutable route table of one snapshot: three host tiers (exact, wildcard suffix,
/// any), each a base-path trie whose nodes carry the template trie of the APIs mounted there.
/// Lookup is in <c>RouteTrie.Matching.cs</c>; the rules are in docs/routing.md.
/// </summary>
internal sealed partial class RouteTrie
{
    private readonly MethodTable _methods;
    private readonly ByteKeyTable _exactHosts;
    private readonly RouteNode[] _exactHostRoots;
    private readonly ByteKeyTable _wildcardSuffixes; // each suffix starts with '.'
    private readonly RouteNode[] _wildcardRoots;
    private readonly int _wildcardCount;
    private readonly RouteNode? _anyHostRoot;

    internal RouteTrie(MethodTable methods, byte[][] exactHosts, RouteNode[] exactHostRoots,
        byte[][] wildcardSuffixes, RouteNode[] wildcardRoots, RouteNode? anyHostRoot,
        IReadOnlyList<RouteProblem> problems, int routeCount)
    {
        _methods = methods;
        _exactHosts = new ByteKeyTable(exactHosts);
        _exactHostRoots = exactHostRoots;
        _wildcardSuffixes = new ByteKeyTable(wildcardSuffixes);
        _wildcardRoots = wildcardRoots;
        _wildcardCount = wildcardSuffixes.Length;
        _anyHostRoot = anyHostRoot;
        Problems = problems;
        RouteCount = routeCount;
    }

    /// <summary>User errors found while compiling; a snapshot with any should be rejected.</summary>
    public IReadOnlyList<RouteProblem> Problems { get; }

    /// <summary>Definitions that made it into the trie (at least partly).</summary>
    public int RouteCount { get; }

    /// <summary>Upper bound for <see cref="FormatAllow"/>'s output.</summary>
    public int MaxAllowLength => _methods.MaxAllowLength;

    /// <summary>Renders <see cref="RouteMatch.AllowedMethods"/> as an <c>Allow</c> value (<c>GET, POST</c>).</summary>
    /// <returns>Bytes written, or -1 when <paramref name="destination"/> is too small.</returns>
    public int FormatAllow(ulong allowedMethods, Span<byte> destination)
        => _methods.FormatAllow(allowedMethods, destination);

    /// <summary>Test and diagnostics helper: the Allow value as a string.</summary>
    public string FormatAllow(ulong allowedMethods)
    {
        var buffer = new byte[MaxAllowLength];
        var written = FormatAllow(allowedMethods, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, written);
    }
}
