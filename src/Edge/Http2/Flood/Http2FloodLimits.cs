namespace Edge.Http2.Flood;

/// <summary>
/// Thresholds of <see cref="Http2FloodDetector"/> and <see cref="Http2StallTimer"/>. Each default names its
/// anchor (SECURITY.md cases 29-36, "[keys] → Sources"); docs/http2.md has the table. Every limit trips a
/// connection error ENHANCE_YOUR_CALM (a stalled stream: a stream error), which is what nghttp2, Envoy and
/// Kestrel send for abuse the protocol itself allows.
/// </summary>
internal sealed record Http2FloodLimits
{
    /// <summary>
    /// Stream resets the peer may cause in a burst: its RST_STREAMs, plus stream errors and refusals we
    /// send because of it (so provoked resets, "MadeYouReset", count like rapid ones; CVE-2023-44487).
    /// 100 = DESIGN.md's 100 concurrent streams, so a client may cancel a full window of streams at once,
    /// and SECURITY.md case 29's "upstream gets ≲100 requests" holds (nghttp2 allows 1,000).
    /// </summary>
    public int ResetBurst { get; init => field = Positive(value); } = 100;

    /// <summary>Refill of the reset budget per second: nghttp2's 33/s (NGHTTP2_DEFAULT_STREAM_RESET_RATE).</summary>
    public double ResetsPerSecond { get; init => field = NonNegative(value); } = 33;

    /// <summary>
    /// PINGs (without ACK) in a burst. No anchor rate-limits PING itself (they bound the queue of ACKs,
    /// <see cref="MaxQueuedControlFrames"/>), so this is Edge's: keep-alives (≤ 1/s) and gRPC's BDP probes
    /// (one per data burst) never come near; 10^6 PINGs (CVE-2019-9512) stop after 100 plus the refill.
    /// </summary>
    public int PingBurst { get; init => field = Positive(value); } = 100;

    /// <summary>PING refill per second (Edge's; see <see cref="PingBurst"/>).</summary>
    public double PingsPerSecond { get; init => field = NonNegative(value); } = 10;

    /// <summary>
    /// SETTINGS (without ACK) in a burst. Each one can touch every open stream's window (§6.9.2); peers
    /// send one after the preface and rarely another. Edge's own number, like <see cref="PingBurst"/>
    /// (CVE-2019-9515's queue is bounded by <see cref="MaxQueuedControlFrames"/>).
    /// </summary>
    public int SettingsBurst { get; init => field = Positive(value); } = 10;

    /// <summary>SETTINGS refill per second (Edge's).</summary>
    public double SettingsPerSecond { get; init => field = NonNegative(value); } = 1;

    /// <summary>
    /// DATA/HEADERS/CONTINUATION frames in a row with an empty payload and no END_STREAM (or END_HEADERS)
    /// that are tolerated; the next one trips. Envoy's max_consecutive_inbound_frames_with_empty_payload = 1:
    /// close at the 2nd in a row (SECURITY.md case 33, CVE-2019-9518).
    /// </summary>
    public int MaxConsecutiveEmptyFrames { get; init => field = NonNegative(value); } = 1;

    /// <summary>
    /// PRIORITY frames allowed per opened stream: trips above this × (1 + streams opened). Envoy's
    /// max_inbound_priority_frames_per_stream = 100 (SECURITY.md case 35, CVE-2019-9513).
    /// </summary>
    public int PriorityFramesPerStream { get; init => field = NonNegative(value); } = 100;

    /// <summary>
    /// WINDOW_UPDATEs allowed per DATA frame we sent: trips above 5 + 2 × (streams opened + this × DATA
    /// frames sent). Envoy's max_inbound_window_update_frames_per_data_frame_sent = 10 and its formula
    /// (SECURITY.md case 36).
    /// </summary>
    public int WindowUpdatesPerDataFrameSent { get; init => field = Positive(value); } = 10;

    /// <summary>
    /// Frames we owe the peer (PING ACK, SETTINGS ACK, RST_STREAM) queued and not yet taken by the socket:
    /// above this the peer is not reading, and the connection closes. 1,000: Envoy's
    /// max_outbound_control_frames, nghttp2's 1,000 queued control frames (SECURITY.md case 31).
    /// </summary>
    public int MaxQueuedControlFrames { get; init => field = Positive(value); } = 1_000;

    /// <summary>All frames queued unsent (SECURITY.md case 32): Envoy's max_outbound_frames = 10,000.</summary>
    public int MaxQueuedFrames { get; init => field = Positive(value); } = 10_000;

    /// <summary>
    /// How long a send window may stay at or below zero while we have data for it before the stream is
    /// reset (or, for the connection window, the connection closed): SECURITY.md case 34, the stream-idle
    /// timeout of 60 s (nginx send_timeout; Envoy's 5 min is for long polls Edge does not favour).
    /// </summary>
    public TimeSpan ZeroWindowTimeout { get; init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)); } = TimeSpan.FromSeconds(60);

    /// <summary>The defaults above.</summary>
    public static Http2FloodLimits Default { get; } = new();

    private static int Positive(int value) => value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");

    private static int NonNegative(int value) => value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must not be negative");

    private static double NonNegative(double value) => value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be a finite, non-negative rate");
}
