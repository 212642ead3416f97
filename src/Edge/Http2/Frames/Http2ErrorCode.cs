namespace Edge.Http2.Frames;

/// <summary>
/// RFC 9113 §7 error codes, carried by RST_STREAM and GOAWAY. 32 bits on the wire; a peer may send
/// codes not listed here, and those "MUST NOT trigger any special behavior" (§7), so parsers keep the
/// raw value and never reject an unknown code.
/// </summary>
internal enum Http2ErrorCode : uint
{
    /// <summary>NO_ERROR: graceful shutdown, or a stream that is no longer needed.</summary>
    NoError = 0x0,

    /// <summary>PROTOCOL_ERROR: an unspecific protocol violation.</summary>
    ProtocolError = 0x1,

    /// <summary>INTERNAL_ERROR: our own fault (an upstream that died mid-response, SECURITY.md case 60).</summary>
    InternalError = 0x2,

    /// <summary>FLOW_CONTROL_ERROR: the peer broke flow control (§6.9).</summary>
    FlowControlError = 0x3,

    /// <summary>SETTINGS_TIMEOUT: our SETTINGS went unacknowledged (§6.5.3).</summary>
    SettingsTimeout = 0x4,

    /// <summary>STREAM_CLOSED: a frame for a half-closed or closed stream (§5.1).</summary>
    StreamClosed = 0x5,

    /// <summary>FRAME_SIZE_ERROR: a frame of the wrong size (§4.2).</summary>
    FrameSizeError = 0x6,

    /// <summary>REFUSED_STREAM: the stream was refused before any processing; safe to retry (§8.7).</summary>
    RefusedStream = 0x7,

    /// <summary>CANCEL: the stream is no longer needed.</summary>
    Cancel = 0x8,

    /// <summary>COMPRESSION_ERROR: the HPACK context is unusable (§4.3).</summary>
    CompressionError = 0x9,

    /// <summary>CONNECT_ERROR: a CONNECT tunnel failed.</summary>
    ConnectError = 0xa,

    /// <summary>ENHANCE_YOUR_CALM: the peer behaves in a way that might generate excessive load (every flood detector).</summary>
    EnhanceYourCalm = 0xb,

    /// <summary>INADEQUATE_SECURITY: the TLS layer does not meet RFC 9113 §9.2.</summary>
    InadequateSecurity = 0xc,

    /// <summary>HTTP_1_1_REQUIRED: the peer should use HTTP/1.1 instead.</summary>
    Http11Required = 0xd,
}
