namespace Edge.Upstream.Balancing;

/// <summary>
/// Chooses an endpoint for one request from a fixed set (one cluster's primaries or its failovers).
/// Implementations are lock-free and allocation-free: they run once per request. They skip endpoints
/// that are not available (<see cref="Health.EndpointHealth.IsAvailable"/>) and return null when none is.
/// </summary>
internal interface IBalancer
{
    UpstreamEndpoint? Pick();
}
