namespace Edge.Http1;

/// <summary>How the body of an HTTP/1 message is delimited (RFC 9112 §6.3).</summary>
internal enum Http1BodyKind : byte
{
    /// <summary>No content (no framing fields on a request; HEAD/1xx/204/304 responses; CONNECT).</summary>
    None = 0,

    /// <summary>Exactly <see cref="Http1Framing.ContentLength"/> bytes (may be 0).</summary>
    ContentLength,

    /// <summary>Chunked transfer coding: decode with <see cref="ChunkedDecoder"/>.</summary>
    Chunked,

    /// <summary>Everything until the connection closes (responses only, RFC 9112 §6.3 (4) and (8)).</summary>
    UntilClose,
}
