namespace Edge.Http2.Client;

/// <summary>Why an upstream stream ended without a complete response (none while it is healthy).</summary>
internal enum Http2ClientStreamFailure : byte
{
    None,
    /// <summary>
    /// The peer never processed the request: RST_STREAM(REFUSED_STREAM), or a GOAWAY whose last stream id is
    /// below this stream (RFC 9113 §8.7: safe to retry, even a POST, when its body can be sent again).
    /// </summary>
    Refused,
    /// <summary>The peer reset the stream (any other code).</summary>
    Reset,
    /// <summary>The connection broke or ended with an error.</summary>
    ConnectionLost,
    /// <summary>The response was malformed (bad pseudo-headers, connection-specific fields, too large a header list).</summary>
    Malformed,
    /// <summary>No response head within the response timeout, or no body byte within the idle timeout.</summary>
    TimedOut,
    /// <summary>We cancelled it (the client left).</summary>
    Cancelled,
}
