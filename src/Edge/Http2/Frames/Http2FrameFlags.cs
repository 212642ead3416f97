namespace Edge.Http2.Frames;

/// <summary>
/// RFC 9113 §6 frame flags. The meaning of a bit depends on the frame type (0x1 is END_STREAM on DATA
/// and HEADERS, ACK on SETTINGS and PING); flags a type does not define "MUST be ignored" (§4.1).
/// </summary>
[Flags]
internal enum Http2FrameFlags : byte
{
    None = 0x0,

    /// <summary>DATA, HEADERS: the last frame the sender sends on this stream (§6.1, §6.2).</summary>
    EndStream = 0x1,

    /// <summary>SETTINGS, PING: this frame acknowledges the peer's (§6.5, §6.7).</summary>
    Ack = 0x1,

    /// <summary>HEADERS, PUSH_PROMISE, CONTINUATION: the header block ends in this frame (§6.2, §6.10).</summary>
    EndHeaders = 0x4,

    /// <summary>DATA, HEADERS, PUSH_PROMISE: a Pad Length octet leads the payload (§6.1).</summary>
    Padded = 0x8,

    /// <summary>HEADERS: exclusive flag, stream dependency and weight follow (§6.2; accepted and ignored).</summary>
    Priority = 0x20,
}
