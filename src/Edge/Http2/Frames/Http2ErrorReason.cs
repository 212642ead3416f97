namespace Edge.Http2.Frames;

/// <summary>
/// Why an HTTP/2 error was raised: finer than <see cref="Http2ErrorCode"/>, for logs, metrics labels and
/// GOAWAY debug data (<see cref="Http2ErrorReasons.Message"/>). One value per distinct check, named after
/// what the peer did. The code and scope travel separately in <see cref="Http2Error"/>, because the same
/// check can be a stream or a connection error depending on the stream id (WINDOW_UPDATE, §6.9).
/// </summary>
internal enum Http2ErrorReason : byte
{
    None = 0,

    // ---- Frame layer (RFC 9113 §4, §6) ----

    /// <summary>Length above the SETTINGS_MAX_FRAME_SIZE we announced (§4.2).</summary>
    FrameTooLarge,

    /// <summary>A frame type that needs a stream (DATA, HEADERS, PRIORITY, RST_STREAM, CONTINUATION) on stream 0.</summary>
    StreamIdZero,

    /// <summary>A connection-level frame (SETTINGS, PING, GOAWAY) on a stream (§6.5, §6.7, §6.8).</summary>
    StreamIdNotZero,

    /// <summary>A payload too short for the fields its flags announce (Pad Length, priority fields, GOAWAY's 8 bytes; §4.2).</summary>
    FrameTooShort,

    /// <summary>Pad Length leaves no room for the content (§6.1, §6.2).</summary>
    PaddingTooLong,

    /// <summary>PRIORITY whose length is not 5 (§6.3).</summary>
    PriorityLength,

    /// <summary>A stream that depends on itself (§5.3.1).</summary>
    SelfDependency,

    /// <summary>RST_STREAM whose length is not 4 (§6.4).</summary>
    RstStreamLength,

    /// <summary>SETTINGS with ACK and a payload (§6.5).</summary>
    SettingsAckWithPayload,

    /// <summary>SETTINGS whose length is not a multiple of 6 (§6.5).</summary>
    SettingsLength,

    /// <summary>More entries in one SETTINGS frame than we parse (nghttp2: 32).</summary>
    SettingsTooManyEntries,

    /// <summary>SETTINGS_ENABLE_PUSH other than 0 or 1, or 1 sent by a server (§6.5.2).</summary>
    SettingsEnablePush,

    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 (§6.5.2: FLOW_CONTROL_ERROR).</summary>
    SettingsInitialWindowSize,

    /// <summary>SETTINGS_MAX_FRAME_SIZE outside 16,384..16,777,215 (§6.5.2).</summary>
    SettingsMaxFrameSize,

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL other than 0 or 1 (RFC 8441 §3).</summary>
    SettingsEnableConnectProtocol,

    /// <summary>SETTINGS_NO_RFC7540_PRIORITIES other than 0 or 1 (RFC 9218 §2.1).</summary>
    SettingsNoRfc7540Priorities,

    /// <summary>PUSH_PROMISE received: a client never pushes, and we disable push as a client (§6.6, §8.4).</summary>
    PushPromiseReceived,

    /// <summary>PING whose length is not 8 (§6.7).</summary>
    PingLength,

    /// <summary>WINDOW_UPDATE whose length is not 4 (§6.9).</summary>
    WindowUpdateLength,

    /// <summary>WINDOW_UPDATE with an increment of 0 (§6.9).</summary>
    WindowUpdateZero,

    /// <summary>A header block was open and another frame type arrived (§4.3, §6.10).</summary>
    ContinuationExpected,

    /// <summary>A header block was open and a CONTINUATION came for another stream (§6.10).</summary>
    ContinuationWrongStream,

    /// <summary>CONTINUATION with no open header block (§6.10).</summary>
    ContinuationUnexpected,

    /// <summary>The encoded header block grew past its bound (CONTINUATION flood, SECURITY.md case 28).</summary>
    HeaderBlockTooLarge,

    /// <summary>More CONTINUATION frames in one header block than allowed (nghttp2: 8; SECURITY.md case 28).</summary>
    TooManyContinuations,

    /// <summary>A header block stayed open past the header timeout (SECURITY.md case 28c).</summary>
    HeaderBlockTimeout,

    /// <summary>Our SETTINGS went unacknowledged past the timeout (§6.5.3: SETTINGS_TIMEOUT).</summary>
    SettingsAckTimeout,

    // ---- Flow control (§6.9) ----

    /// <summary>A WINDOW_UPDATE pushed a send window above 2^31-1 (§6.9.1).</summary>
    WindowOverflow,

    /// <summary>A SETTINGS_INITIAL_WINDOW_SIZE change pushed a stream window above 2^31-1 (§6.9.2).</summary>
    InitialWindowOverflow,

    /// <summary>The peer sent more flow-controlled bytes than the window we gave it (§6.9.1).</summary>
    FlowControlWindowExceeded,

    // ---- Stream states and identifiers (§5.1) ----

    /// <summary>A client-initiated stream with an even id, or any stream opened by a server (§5.1.1, §8.4).</summary>
    StreamIdWrongParity,

    /// <summary>A new stream id not above every id the peer opened before (§5.1.1).</summary>
    StreamIdNotIncreasing,

    /// <summary>A frame other than HEADERS or PRIORITY on an idle stream (§5.1).</summary>
    FrameOnIdleStream,

    /// <summary>A frame not allowed in the reserved states (§5.1; we never push, so these are unreachable).</summary>
    FrameOnReservedStream,

    /// <summary>DATA or HEADERS after the peer's END_STREAM (§5.1 half-closed (remote)).</summary>
    FrameAfterEndStream,

    /// <summary>A frame on a stream the peer reset (§5.1 closed).</summary>
    FrameAfterReset,

    /// <summary>DATA on a stream we no longer track (§5.1 closed, §6.1).</summary>
    FrameOnClosedStream,

    // ---- Floods and abuse (SECURITY.md cases 21-36; Flood/) ----

    /// <summary>Streams reset too fast (CVE-2023-44487 rapid reset, SECURITY.md case 29).</summary>
    RapidReset,

    /// <summary>PING flood (CVE-2019-9512, SECURITY.md case 31).</summary>
    PingFlood,

    /// <summary>SETTINGS flood (CVE-2019-9515, SECURITY.md case 31).</summary>
    SettingsFlood,

    /// <summary>Consecutive frames with empty payloads (CVE-2019-9518, SECURITY.md case 33).</summary>
    EmptyFrameFlood,

    /// <summary>More WINDOW_UPDATEs than our output can justify (SECURITY.md case 36).</summary>
    WindowUpdateFlood,

    /// <summary>More PRIORITY frames than the opened streams can justify (CVE-2019-9513, SECURITY.md case 35).</summary>
    PriorityFlood,

    /// <summary>Too many frames we must answer (PING/SETTINGS ACK, RST_STREAM) queued unsent: the peer does not read (SECURITY.md cases 31-32).</summary>
    ControlFrameQueueFull,

    /// <summary>Too many frames of any kind queued unsent (SECURITY.md case 32).</summary>
    OutboundFrameQueueFull,

    /// <summary>A send window stayed at or below zero past the stall timeout (CVE-2019-9511/-9517, SECURITY.md case 34).</summary>
    ZeroWindowStall,

    // ---- Server connection loop (Http2/Server) ----

    /// <summary>The first 24 bytes were not the client preface (§3.4).</summary>
    InvalidPreface,

    /// <summary>The client's first frame was not SETTINGS (§3.4).</summary>
    FirstFrameNotSettings,

    /// <summary>HPACK could not decode a header block; the tables are out of step (§4.3).</summary>
    CompressionFailed,

    /// <summary>A malformed request (§8.1.1): bad pseudo-header, field name or value, connection-specific field.</summary>
    MalformedRequest,

    /// <summary>DATA did not add up to the declared content-length (§8.1.1).</summary>
    ContentLengthMismatch,

    /// <summary>Over SETTINGS_MAX_CONCURRENT_STREAMS (§5.1.2).</summary>
    StreamLimit,

    /// <summary>The request body stalled past the body timeout.</summary>
    BodyTimeout,

    /// <summary>The client took none of the queued output for the send timeout.</summary>
    SendTimeout,

    /// <summary>No stream and no frame for the idle timeout (SECURITY.md case 40).</summary>
    IdleTimeout,

    /// <summary>The server is draining or the connection served its stream budget (graceful GOAWAY).</summary>
    ShuttingDown,
}
