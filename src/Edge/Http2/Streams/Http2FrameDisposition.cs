namespace Edge.Http2.Streams;

/// <summary>What to do with a frame received on a stream in a given state.</summary>
internal enum Http2FrameDisposition : byte
{
    /// <summary>Process it (and apply the state transition).</summary>
    Accept,

    /// <summary>Discard it after minimal processing (decode a header block; credit DATA to the connection window).</summary>
    Ignore,

    /// <summary>RST_STREAM with the rule's code (decode a header block first).</summary>
    StreamError,

    /// <summary>GOAWAY with the rule's code.</summary>
    ConnectionError,
}
