namespace Edge.Config.Model;

/// <summary>
/// <c>[listeners.http2]</c>: the HTTP/2 limits of one listener (used when it serves "h2c" or "h2").
/// Keys left out take the <c>[server.limits]</c> values (<c>h2_max_streams</c>, <c>h2_max_requests</c>,
/// <c>h2_header_list</c>) or the
/// defaults below, resolved when the file is bound, so a listener whose effective limits change is rebound
/// on reload like any other changed listener.
/// </summary>
/// <param name="MaxConcurrentStreams">SETTINGS_MAX_CONCURRENT_STREAMS (DESIGN.md §6: 100).</param>
/// <param name="MaxStreamsPerConnection">Streams one connection may open before a graceful GOAWAY (nginx keepalive_requests: 1,000).</param>
/// <param name="HeaderListSize">SETTINGS_MAX_HEADER_LIST_SIZE, decoded (DESIGN.md §6: 16 KiB).</param>
/// <param name="InitialWindowSize">SETTINGS_INITIAL_WINDOW_SIZE: request body buffered per stream (RFC default 65,535).</param>
/// <param name="ConnectionWindowSize">Connection receive window: request body buffered per connection (Envoy edge: 1 MiB).</param>
/// <param name="MaxFrameSize">SETTINGS_MAX_FRAME_SIZE we accept (RFC default and minimum 16,384).</param>
public sealed record ListenerHttp2Config(
    int MaxConcurrentStreams,
    int MaxStreamsPerConnection,
    ByteSize HeaderListSize,
    ByteSize InitialWindowSize,
    ByteSize ConnectionWindowSize,
    ByteSize MaxFrameSize)
{
    /// <summary>RFC 9113 §6.9.1: a flow-control window never exceeds 2^31−1.</summary>
    public const long MaxWindow = int.MaxValue;

    /// <summary>Bounds the binder enforces (each with its reason in docs/configuration.md).</summary>
    public const int MaxConcurrentStreamsLimit = 10_000;
    public const int MaxStreamsPerConnectionLimit = 1 << 30; // every odd client stream id (§5.1.1) fits below 2^31
    public const long MinHeaderListSize = 1024;
    public const long MaxHeaderListSize = 1024 * 1024; // the head limit's own ceiling (request_head ≤ 1 MiB)
    public const long MinInitialWindowSize = 65_535;   // a client may send that much before it sees our SETTINGS
    public const long MaxInitialWindowSize = 16 * 1024 * 1024;
    public const long MaxConnectionWindowSize = 256 * 1024 * 1024;
    public const long MinFrameSize = 16_384;           // §6.5.2 range
    public const long MaxFrameSizeLimit = (1 << 24) - 1;

    /// <summary>The defaults, with <c>[server.limits]</c> supplying concurrent streams, streams per connection and header list.</summary>
    public static ListenerHttp2Config From(LimitsConfig limits) => new(
        limits.H2MaxStreams, limits.H2MaxRequests, limits.H2HeaderList, new ByteSize(65_535), ByteSize.FromMiB(1), new ByteSize(16_384));
}
