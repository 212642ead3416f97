namespace Edge.Routing;

/// <summary>Outcome of <see cref="RouteTrie.Match"/>.</summary>
internal enum RouteMatchStatus : byte
{
    /// <summary>No route's host and path match (404, WSO2 fault 900906).</summary>
    NotFound,

    /// <summary>A route matched host, path and method.</summary>
    Matched,

    /// <summary>Host and path matched but no such route takes the method (405 with <c>Allow</c>).</summary>
    MethodNotAllowed,
}
