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

/// <summary>An endpoint and its relative weight (1..1000).</summary>
public sealed record UpstreamEndpointConfig(UpstreamUrl Url, int Weight);

public sealed record PoolConfig(int MaxConnections, Duration IdleTimeout)
{
    public static PoolConfig Default { get; } = new(256, Duration.FromSeconds(90));
}

public sealed record HealthCheckConfig(string Path, Duration Interval, Duration Timeout, int Healthy, int Unhealthy);

public sealed record PassiveHealthConfig(int ConsecutiveFailures, Duration Eject)
{
    public static PassiveHealthConfig Default { get; } = new(5, Duration.FromSeconds(30));
}

/// <param name="Budget">Retries allowed as a fraction of recent requests (0..1), so retries cannot amplify an outage.</param>
public sealed record RetryConfig(int Count, double Budget, bool NonIdempotent)
{
    public static RetryConfig Default { get; } = new(2, 0.2, false);
}

public sealed record UpstreamTlsConfig(string? Ca, string? Cert, string? Key, string? Sni, bool Verify);
