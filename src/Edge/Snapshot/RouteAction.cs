using Edge.Http;
using Edge.Observability.Metrics;
using Edge.Policies;
using Edge.Upstream;

namespace Edge.Snapshot;

/// <summary>What a matched route does, compiled once per snapshot (immutable, shared by all requests).</summary>
internal sealed class RouteAction
{
    public required string ApiName { get; init; }

    /// <summary>"api:METHODS path" for logs and metrics.</summary>
    public required string RouteName { get; init; }

    public required FaultFormat Errors { get; init; }

    /// <summary>A direct response, or null to forward.</summary>
    public DirectResponse? Respond { get; init; }

    /// <summary>Where to forward (null for direct responses).</summary>
    public UpstreamCluster? Cluster { get; init; }

    /// <summary>The path prefix the upstream sees instead of the API's base path (a per-API rewrite), "" for none.</summary>
    public byte[] RewritePrefix { get; init; } = [];

    public HostRewrite Host { get; init; }

    /// <summary>A reset before the response may replay non-idempotent methods too (resource or upstream setting).</summary>
    public bool RetryNonIdempotent { get; init; }

    /// <summary>Largest request body accepted on this route.</summary>
    public long BodyLimit { get; init; }

    /// <summary>WebSocket upgrades are forwarded and tunnelled (the resource's <c>websocket</c>, else the API's).</summary>
    public bool WebSocket { get; init; }

    /// <summary>The route's policy chain (IP, CORS, authentication, scopes, transforms); null when it has none.</summary>
    public RoutePolicies? Policies { get; init; }

    /// <summary>The route's request series (carried over from the previous snapshot when the route is unchanged).</summary>
    public required RouteMetrics Metrics { get; init; }
}

/// <summary>A configured direct (mock) response: status, fields and body, rendered once.</summary>
internal sealed class DirectResponse
{
    public required HttpResponseHead Head { get; init; }
    public required byte[] Body { get; init; }
    public required byte[] ContentType { get; init; }
}

/// <summary>The Host field sent upstream: the endpoint's, the client's, or a fixed one.</summary>
internal readonly record struct HostRewrite(HostRewriteMode Mode, byte[]? Literal);

internal enum HostRewriteMode : byte
{
    Endpoint,
    Preserve,
    Literal,
}
