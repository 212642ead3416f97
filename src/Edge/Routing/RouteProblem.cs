namespace Edge.Routing;

/// <summary>
/// A user error found while compiling routes. Routes are indexed by their position in the list given
/// to <see cref="RouteTrieCompiler.Compile"/>, so the snapshot compiler can map a problem back to the
/// config file position of the resource that produced it.
/// </summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="RouteIndex">The offending definition (for conflicts: the later one, which lost).</param>
/// <param name="OtherRouteIndex">For conflicts: the earlier definition that keeps the slot; otherwise -1.</param>
/// <param name="Message">Human-readable detail, without position (the caller adds file:line:col).</param>
internal sealed record RouteProblem(RouteProblemKind Kind, int RouteIndex, int OtherRouteIndex, string Message);
