namespace Edge.Http;

/// <summary>
/// Why an HTTP/1.x message was refused. One value per distinct malformation, so metrics and the
/// access log can tell smuggling probes apart from broken clients. <see cref="RejectReasons"/> maps
/// each value to a status code and a short message.
/// </summary>
internal enum RejectReason : byte
{
    None = 0,

    // Start line (RFC 9112 §3, §4).
    InvalidRequestLine,
    InvalidMethod,
    InvalidTarget,
    InvalidVersion,
    UnsupportedVersion,
    RequestLineTooLong,
    InvalidStatusLine,
    TooManyLeadingEmptyLines,

    // Field lines (RFC 9112 §5, RFC 9110 §5.5).
    HeadersTooLarge,
    TooManyHeaders,
    InvalidHeaderName,
    InvalidHeaderValue,
    WhitespaceBeforeColon,
    ObsFold,
    BareLineFeed,
    BareCarriageReturn,

    // Host (RFC 9112 §3.2).
    MissingHost,
    DuplicateHost,
    InvalidHost,

    // Framing (RFC 9112 §6).
    ContentLengthAndTransferEncoding,
    InvalidContentLength,
    DuplicateContentLength,
    TransferEncodingWithHttp10,
    InvalidTransferEncoding,
    UnsupportedTransferCoding,
    TransferEncodingNotFinalChunked,
    BodyTooLarge,

    // Chunked coding (RFC 9112 §7.1).
    InvalidChunkSize,
    InvalidChunkExtension,
    ChunkExtensionsTooLarge,
    InvalidChunkTerminator,

    // HTTP/2 upgrade (RFC 7540 §3.2.1).
    InvalidHttp2Settings,
}
