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
        _poolOptions = poolOptions;
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

    /// <summary>How requests reach this endpoint (the upstream's <c>protocol</c>).</summary>
    public UpstreamWireProtocol Protocol { get; init; } = UpstreamWireProtocol.Http1;

    /// <summary>The ALPN-h2 handshake options for an https:// endpoint whose protocol is h2 or auto; null otherwise.</summary>
    public SslClientAuthenticationOptions? H2Tls { get; init; }

    /// <summary>
    /// Set once an <c>auto</c> endpoint turned out not to speak HTTP/2 (no SETTINGS answer to the h2c preface,
    /// or ALPN chose http/1.1): its requests go over HTTP/1.1 from then on, until a reload builds it anew.
    /// </summary>
    public bool SpeaksOnlyHttp1 => Volatile.Read(ref _onlyHttp1);

    private bool _onlyHttp1;

    internal void LearnOnlyHttp1() => Volatile.Write(ref _onlyHttp1, true);

    /// <summary>True when the next request should go over HTTP/2 (WebSocket upgrades always use HTTP/1.1).</summary>
    public bool UsesHttp2 => Protocol != UpstreamWireProtocol.Http1 && !SpeaksOnlyHttp1;

    private Http2ConnectionPool? _http2Pool;

    /// <summary>The endpoint's HTTP/2 connections, created on first use (HTTP/1.1-only endpoints never have one).</summary>
    public Http2ConnectionPool Http2Pool
    {
        get
        {
            var pool = Volatile.Read(ref _http2Pool);
            if (pool is not null) return pool;
            var created = new Http2ConnectionPool(this, _poolOptions);
            pool = Interlocked.CompareExchange(ref _http2Pool, created, null);
            if (pool is null) return created;
            _ = created.DisposeAsync().AsTask();
            return pool;
        }
    }

    /// <summary>Closes both pools (a removed or changed upstream, after the drain).</summary>
    public async ValueTask DisposePoolsAsync()
    {
        await Pool.DisposeAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _http2Pool) is { } h2) await h2.DisposeAsync().ConfigureAwait(false);
    }

    private readonly UpstreamPoolOptions _poolOptions;

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

    /// <summary>HTTP/2 connections per endpoint (h2c, h2, auto): each carries up to the peer's SETTINGS_MAX_CONCURRENT_STREAMS.</summary>
    public int MaxHttp2Connections { get; init; } = 4;

    /// <summary>Requests that may wait for a stream when every HTTP/2 connection is full (then 503 at once).</summary>
    public int MaxHttp2Waiters { get; init; } = 1024;

    /// <summary>TLS toward the upstream's https:// endpoints (null when it has none). The connect timeout covers the handshake.</summary>
    public TlsClientSettings? Tls { get; init; }
}
