using System.Net;
using System.Net.Security;
using System.Text;
using Edge.Transport.Tls;

namespace Edge.Upstream;

/// <summary>
/// One endpoint of an upstream: where to connect, what Host to send, and the URL path prefix the
/// upstream expects. Owns the endpoint's connection pool, so pools live as long as the endpoint.
/// </summary>
internal sealed class UpstreamEndpoint
{
    public UpstreamEndpoint(string url, IPEndPoint? address, string hostHeader, string pathPrefix, UpstreamPoolOptions poolOptions)
    {
        Url = url;
        Address = address;
        HostHeader = Encoding.ASCII.GetBytes(hostHeader);
        PathPrefixText = pathPrefix.TrimEnd('/');
        PathPrefix = Encoding.ASCII.GetBytes(PathPrefixText);
        Pool = new Http1ConnectionPool(this, poolOptions);
    }

    /// <summary>The endpoint as configured, for logs and metrics.</summary>
    public string Url { get; }

    /// <summary>Null when the host name did not resolve: requests to it fail fast with 503.</summary>
    public IPEndPoint? Address { get; }

    /// <summary>host[:port] as the Host field for this endpoint (port omitted when it is the scheme default).</summary>
    public byte[] HostHeader { get; }

    /// <summary>The endpoint URL's path without a trailing slash ("" for none): prepended to the forwarded path.</summary>
    public byte[] PathPrefix { get; }

    /// <summary>The path prefix as text (health probes build their request line from it).</summary>
    public string PathPrefixText { get; }

    public Http1ConnectionPool Pool { get; }

    /// <summary>Relative share of traffic (1–1000) for the weighted balancers.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Active and passive health of this endpoint; survives a reload with its cluster.</summary>
    public Health.EndpointHealth Health { get; init; } = new(Edge.Upstream.Health.PassiveHealthOptions.Off);

    /// <summary>Attempts by outcome and their durations (/metrics); kept as long as the endpoint.</summary>
    public Observability.Metrics.UpstreamEndpointMetrics Metrics { get; } = new();

    /// <summary>The handshake options for an https:// endpoint (SNI, trust, ALPN, client certificate); null for http://.</summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>Replaces the socket connect (benchmarks and tests run the proxy path in memory).</summary>
    public Func<CancellationToken, ValueTask<Transport.ITransport>>? Connector { get; set; }

    /// <summary>Requests in flight on this endpoint (for least-requests balancing and metrics).</summary>
    public int InFlight;

    public override string ToString() => Url;
}

/// <summary>Connection behaviour toward one upstream's endpoints.</summary>
internal sealed record UpstreamPoolOptions
{
    public int MaxConnections { get; init; } = 256;
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>No body byte from the upstream for this long aborts the response (SECURITY.md case 62).</summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public Http.HttpParserLimits Limits { get; init; } = Http.HttpParserLimits.Default;

    /// <summary>TLS toward the upstream's https:// endpoints (null when it has none). The connect timeout covers the handshake.</summary>
    public TlsClientSettings? Tls { get; init; }
}
