namespace Edge.Config.Model;

/// <summary>One <c>[[upstreams]]</c> entry: a named cluster of endpoints and how to talk to them.</summary>
/// <param name="HostHeader">Endpoint (the endpoint's host), Preserve (the client's), or Literal (<paramref name="HostHeaderValue"/>).</param>
/// <param name="Health">Active health checks, or null when not configured.</param>
public sealed record UpstreamConfig(
    string Name,
    ValueList<UpstreamEndpointConfig> Endpoints,
    ValueList<UpstreamEndpointConfig> Failover,
    BalancePolicy Balance,
    UpstreamProtocol Protocol,
    HostHeaderMode HostHeader,
    string? HostHeaderValue,
    Duration ConnectTimeout,
    Duration ResponseTimeout,
    Duration IdleTimeout,
    PoolConfig Pool,
    HealthCheckConfig? Health,
    PassiveHealthConfig Passive,
    RetryConfig Retries,
    UpstreamTlsConfig? Tls);
