namespace Edge.Routing;

/// <summary>
/// One routable resource as the snapshot compiler hands it to <see cref="RouteTrieCompiler"/>:
/// an API's hosts and base path combined with one resource's template and methods.
/// </summary>
/// <remarks>
/// Strings are fine here: definitions exist only while a snapshot is compiled, never per request.
/// </remarks>
internal sealed class RouteDefinition
{
    /// <summary>
    /// Host patterns: exact (<c>api.example.com</c>), suffix wildcard (<c>*.example.com</c>) or
    /// <c>*</c>. Empty means any host. Matched case-insensitively; no ports (see docs/routing.md).
    /// </summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Literal-only prefix such as <c>/coffeebar/v1</c>, or <c>/</c>.</summary>
    public string BasePath { get; init; } = "/";

    /// <summary>Path template below the base path: literals, <c>{name}</c>, and a final <c>*</c>.</summary>
    public string Template { get; init; } = "/";

    /// <summary>Methods, case-sensitive per RFC 9110 §9.1. Empty means every method.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Opaque payload returned by a match (the snapshot's index of the compiled route).</summary>
    public int RouteId { get; init; }
}
