namespace Edge.Http1;

/// <summary>The fields that decide HTTP/1 message framing and connection handling (RFC 9112 §6, §9).</summary>
internal enum Http1FramingHeader : byte
{
    Other = 0,
    Host,
    ContentLength,
    TransferEncoding,
    Connection,
    Upgrade,

    /// <summary><c>Content_Length</c> / <c>Transfer_Encoding</c>: valid tokens, but a CGI-style
    /// backend maps them onto the real fields, so a request carrying one is refused.</summary>
    UnderscoreLookalike,
}
