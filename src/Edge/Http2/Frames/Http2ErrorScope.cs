namespace Edge.Http2.Frames;

/// <summary>
/// RFC 9113 §5.4: a connection error ends the connection (GOAWAY with the last stream id we processed,
/// then close); a stream error ends one stream (RST_STREAM) and frames keep being read.
/// </summary>
internal enum Http2ErrorScope : byte
{
    /// <summary>No error.</summary>
    None,

    /// <summary>§5.4.2: answer RST_STREAM on <see cref="Http2Error.StreamId"/>, keep the connection.</summary>
    Stream,

    /// <summary>§5.4.1: answer GOAWAY and close the connection.</summary>
    Connection,
}
