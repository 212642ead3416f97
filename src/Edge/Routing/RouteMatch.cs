using System.Diagnostics.CodeAnalysis;

namespace Edge.Routing;

/// <summary>
/// The result of <see cref="RouteTrie.Match"/>, filled in place so the request path can keep it in a
/// field of its exchange. Ranges index the <c>path</c> span given to Match (raw, still percent-encoded).
/// </summary>
internal struct RouteMatch
{
    /// <summary>Parameters per template; bounded so captures fit inline.</summary>
    public const int MaxParameters = 16;

    private RouteCaptureBuffer _parameters;

    public RouteMatchStatus Status { get; internal set; }

    /// <summary>The matched route's <see cref="RouteDefinition.RouteId"/> (Matched only).</summary>
    public int RouteId { get; internal set; }

    /// <summary>
    /// Bytes of the path taken by the API's base path (0 for base path <c>/</c>). The upstream path is
    /// <c>path[BasePathLength..]</c>, or <c>/</c> when that is empty.
    /// </summary>
    public int BasePathLength { get; internal set; }

    /// <summary>
    /// MethodNotAllowed only: the union of the methods of every route whose host and path matched, as a
    /// mask over the trie's method table. Render it with <see cref="RouteTrie.FormatAllow"/>.
    /// </summary>
    public ulong AllowedMethods { get; internal set; }

    public int ParameterCount { get; internal set; }

    /// <summary>True when the route ends in <c>*</c>; <see cref="CatchAll"/> is then the remainder.</summary>
    public bool HasCatchAll { get; internal set; }

    /// <summary>What <c>*</c> matched: the rest of the path after the slash, possibly empty.</summary>
    public Range CatchAll { get; internal set; }

    /// <summary>Parameter ranges in template order (names: <see cref="PathTemplate.ParameterNames"/>).</summary>
    [UnscopedRef]
    public ReadOnlySpan<Range> Parameters => ((ReadOnlySpan<Range>)_parameters)[..ParameterCount];

    internal void SetParameter(int index, Range range) => _parameters[index] = range;
}
