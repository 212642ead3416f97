using Edge.Http2.Flood;
using Edge.Http2.Frames;

namespace Edge.Http2.Settings;

/// <summary>
/// Every HTTP/2 limit of one listener or upstream, with its default and source (STYLE.md §5 #12). The
/// config layer maps <c>[server.limits]</c> onto it: <c>h2_max_streams</c> → <see cref="MaxConcurrentStreams"/>,
/// <c>h2_header_list</c> → <see cref="MaxHeaderListSize"/>, <c>header_timeout</c> → <see cref="HeaderBlockTimeout"/>.
/// Setters validate, so a bad value fails where it is built, not on a live connection.
/// </summary>
internal sealed record Http2Limits
{
    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS: DESIGN.md §6 and SECURITY.md case 30: 100 (Envoy edge, HAProxy,
    /// Kestrel, h2o; nginx 128). Streams beyond it get RST_STREAM(REFUSED_STREAM) (§5.1.2).</summary>
    public int MaxConcurrentStreams { get; init => field = InRange(value, 1, int.MaxValue); } = 100;

    /// <summary>SETTINGS_MAX_HEADER_LIST_SIZE: 16 KiB after decoding (DESIGN.md §6; SECURITY.md case 27).</summary>
    public int MaxHeaderListSize { get; init => field = InRange(value, 1, int.MaxValue); } = 16 * 1024;

    /// <summary>SETTINGS_HEADER_TABLE_SIZE: the RFC's 4,096 (nghttp2 and Kestrel keep it too); bounds the
    /// decoder's dynamic table (SECURITY.md case 26).</summary>
    public int HeaderTableSize { get; init => field = InRange(value, 0, 1 << 20); } = 4096;

    /// <summary>SETTINGS_MAX_FRAME_SIZE we accept: the RFC's 16,384, also its minimum (Kestrel's default).
    /// Bounds what one frame makes us buffer before it can be parsed.</summary>
    public int MaxFrameSize { get; init => field = InRange(value, Http2SettingsFrame.MinMaxFrameSize, Http2SettingsFrame.MaxMaxFrameSize); } = Http2Settings.DefaultMaxFrameSize;

    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE: each stream buffers at most this much unread request body
    /// (SECURITY.md case 34: 64 KiB per stream, Envoy edge). Not below the RFC's 65,535, because a peer may
    /// send that much before it sees our SETTINGS.</summary>
    public int InitialStreamWindowSize { get; init => field = InRange(value, Http2Settings.DefaultInitialWindowSize, int.MaxValue); } = Http2Settings.DefaultInitialWindowSize;

    /// <summary>Connection receive window, raised from 65,535 by a WINDOW_UPDATE on stream 0 right after
    /// our SETTINGS: 1 MiB buffered per connection at most (SECURITY.md case 34, Envoy edge).</summary>
    public int ConnectionWindowSize { get; init => field = InRange(value, Http2Settings.DefaultInitialWindowSize, int.MaxValue); } = 1024 * 1024;

    /// <summary>Bound on one encoded header block (HEADERS + CONTINUATIONs): 64 KiB, four times the decoded
    /// list, so a slightly oversized list still gets a per-stream 431 (SECURITY.md case 28).</summary>
    public int MaxHeaderBlockBytes { get; init => field = InRange(value, 1, 16 * 1024 * 1024); } = Http2HeaderBlockAssembler.DefaultMaxBlockBytes;

    /// <summary>CONTINUATION frames per header block: nghttp2's 8 (SECURITY.md case 28a).</summary>
    public int MaxContinuationFrames { get; init => field = InRange(value, 0, 1024); } = Http2HeaderBlockAssembler.DefaultMaxContinuations;

    /// <summary>Entries per SETTINGS frame: nghttp2's 32; more → ENHANCE_YOUR_CALM.</summary>
    public int MaxSettingsEntries { get; init => field = InRange(value, 8, 1024); } = Http2SettingsFrame.DefaultMaxEntries;

    /// <summary>A header block still open after this → GOAWAY: DESIGN.md §6's 10 s header timeout (SECURITY.md case 28c).</summary>
    public TimeSpan HeaderBlockTimeout { get; init => field = Positive(value); } = TimeSpan.FromSeconds(10);

    /// <summary>Our SETTINGS unacknowledged after this → SETTINGS_TIMEOUT (§6.5.3; SECURITY.md case 21: 10 s).</summary>
    public TimeSpan SettingsAckTimeout { get; init => field = Positive(value); } = TimeSpan.FromSeconds(10);

    /// <summary>Streams per connection before a graceful GOAWAY: nginx's keepalive_requests 1,000
    /// (SECURITY.md case 30), so one connection cannot live forever on one set of HPACK tables.</summary>
    public int MaxStreamsPerConnection { get; init => field = InRange(value, 1, int.MaxValue); } = 1000;

    /// <summary>Flood and abuse thresholds.</summary>
    public Http2FloodLimits Flood { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = Http2FloodLimits.Default;

    /// <summary>The defaults above.</summary>
    public static Http2Limits Default { get; } = new();

    /// <summary>The SETTINGS we announce from these limits (ENABLE_PUSH is always 0).</summary>
    public Http2Settings ToSettings() => new()
    {
        HeaderTableSize = (uint)HeaderTableSize,
        EnablePush = false,
        MaxConcurrentStreams = (uint)MaxConcurrentStreams,
        InitialWindowSize = InitialStreamWindowSize,
        MaxFrameSize = MaxFrameSize,
        MaxHeaderListSize = (uint)MaxHeaderListSize,
    };

    private static int InRange(int value, int min, int max) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"must be {min}..{max}");

    private static TimeSpan Positive(TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
}
