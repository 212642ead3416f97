using Edge.Http2.Settings;

namespace Edge.Http2.Client;

/// <summary>
/// Limits of one HTTP/2 connection to an upstream (client role). The timeouts are the upstream's own
/// (<c>connect_timeout</c>, <c>response_timeout</c>, <c>idle_timeout</c>), so HTTP/1.1 and HTTP/2
/// upstreams time out alike (docs/gateway.md "Timeouts").
/// </summary>
internal sealed record Http2ClientOptions
{
    /// <summary>TCP connect, TLS handshake and the peer's first SETTINGS frame together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From the end of the request (END_STREAM sent) to the response head.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each wait for a response DATA frame (SECURITY.md case 62).</summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Our SETTINGS and windows. The decoded response header list is bounded by
    /// <see cref="Http2Limits.MaxHeaderListSize"/>; streams per connection are the smaller of our own
    /// <see cref="Http2Limits.MaxConcurrentStreams"/> and the peer's SETTINGS_MAX_CONCURRENT_STREAMS.
    /// </summary>
    public Http2Limits Limits { get; init; } = DefaultLimits;

    /// <summary>Interim (1xx) response heads accepted per stream before the final one (SECURITY.md case 61).</summary>
    public int MaxInterimResponses { get; init; } = 8;

    /// <summary>
    /// The client role's defaults: 32 KiB response header list (the HTTP/1.1 upstream head limit, DESIGN.md §6),
    /// 256 KiB stream windows (a gRPC message of a few hundred KiB flows without a round trip per 64 KiB),
    /// 4 MiB connection window, 100 streams per connection.
    /// </summary>
    public static Http2Limits DefaultLimits { get; } = new()
    {
        MaxHeaderListSize = 32 * 1024,
        MaxHeaderBlockBytes = 128 * 1024,
        InitialStreamWindowSize = 256 * 1024,
        ConnectionWindowSize = 4 * 1024 * 1024,
        MaxConcurrentStreams = 100,
    };
}
