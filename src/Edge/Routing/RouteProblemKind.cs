namespace Edge.Routing;

/// <summary>Why a <see cref="RouteDefinition"/> was (partly) left out of the trie.</summary>
internal enum RouteProblemKind : byte
{
    InvalidHost,
    InvalidBasePath,
    InvalidTemplate,
    InvalidMethod,

    /// <summary>More distinct methods across all routes than the 64-bit method mask holds.</summary>
    TooManyMethods,

    /// <summary>Same host, equivalent path and an overlapping method as an earlier route.</summary>
    Conflict,
}
