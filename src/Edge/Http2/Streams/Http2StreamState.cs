namespace Edge.Http2.Streams;

/// <summary>
/// RFC 9113 §5.1 stream states, with "closed" split by how the stream closed, because the RFC treats
/// late frames differently for each:
/// <code>
///                          +--------+
///                  send PP |        | recv PP
///                 ,--------+  idle  +--------.
///                /         |        |         \
///               v          +--------+          v
///        +----------+          |           +----------+
///        |          |          | send H /  |          |
/// ,------+ reserved |          | recv H    | reserved +------.
/// |      | (local)  |          v           | (remote) |      |
/// |      +---+------+      +--------+      +------+---+      |
/// |          |     recv ES |        | send ES     |          |
/// |   send H |     ,-------+  open  +-------.     | recv H   |
/// |          |    /        |        |        \    |          |
/// |          v   v         +---+----+         v   v          |
/// |      +----------+          |           +----------+      |
/// |      |   half-  |          |           |   half-  |      |
/// |      |  closed  |          | send R /  |  closed  |      |
/// |      | (remote) |          | recv R    | (local)  |      |
/// |      +----+-----+          |           +-----+----+      |
/// |           |                |                 |           |
/// |           | send ES /      |       recv ES / |           |
/// |           | send R /       v        send R / |           |
/// |           | recv R     +--------+   recv R   |           |
/// | send R /  `-----------&gt;|        |&lt;-----------'  send R / |
/// | recv R                 | closed |               recv R   |
/// `-----------------------&gt;|        |&lt;-----------------------'
///                          +--------+
/// </code>
/// Edge never pushes and refuses push, so the reserved states are unreachable; they are kept so the
/// table covers the RFC.
/// </summary>
internal enum Http2StreamState : byte
{
    Idle,
    ReservedLocal,
    ReservedRemote,
    Open,
    HalfClosedLocal,
    HalfClosedRemote,

    /// <summary>Closed by END_STREAM in both directions: late DATA/HEADERS is a connection error STREAM_CLOSED
    /// ("any frames after receiving a frame with the END_STREAM flag", RFC 7540 §5.1, what h2spec checks).</summary>
    Closed,

    /// <summary>Closed by a RST_STREAM we sent: the peer may not have seen it yet, so every frame is
    /// "minimally processed and then discarded" (§5.1): header blocks still go through HPACK, DATA still
    /// counts against the connection window.</summary>
    ClosedByResetSent,

    /// <summary>Closed by the peer's RST_STREAM: it knows, so DATA/HEADERS after it are a stream error STREAM_CLOSED.</summary>
    ClosedByResetReceived,

    /// <summary>
    /// An id at or below the highest one the peer opened with no record left: closed long ago and evicted
    /// from <see cref="Http2ClosedStreams"/>, or never used (implicitly closed when a higher id opened,
    /// §5.1.1). DATA gets a stream error STREAM_CLOSED (§6.1), HEADERS a connection error PROTOCOL_ERROR
    /// (a new stream must have a higher id, §5.1.1), the rest is ignored.
    /// </summary>
    ClosedForgotten,
}
