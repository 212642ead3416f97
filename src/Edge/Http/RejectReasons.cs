namespace Edge.Http;

/// <summary>Maps a <see cref="RejectReason"/> to the status code Edge answers with and a short message.</summary>
internal static class RejectReasons
{
    /// <summary>The status code for a rejected request. A rejected upstream response is always a 502.</summary>
    public static int StatusCode(RejectReason reason) => reason switch
    {
        RejectReason.UnsupportedVersion => 505,
        RejectReason.RequestLineTooLong => 414,
        RejectReason.HeadersTooLarge or RejectReason.TooManyHeaders => 431,
        RejectReason.UnsupportedTransferCoding => 501,
        RejectReason.BodyTooLarge => 413,
        _ => 400,
    };

    /// <summary>A short, fixed message (no request bytes: nothing to escape, nothing to allocate).</summary>
    public static string Message(RejectReason reason) => reason switch
    {
        RejectReason.InvalidRequestLine => "Invalid request line",
        RejectReason.InvalidMethod => "Invalid method",
        RejectReason.InvalidTarget => "Invalid request target",
        RejectReason.InvalidVersion => "Invalid HTTP version",
        RejectReason.UnsupportedVersion => "HTTP version not supported",
        RejectReason.RequestLineTooLong => "Request line too long",
        RejectReason.InvalidStatusLine => "Invalid status line",
        RejectReason.TooManyLeadingEmptyLines => "Too many empty lines before the start line",
        RejectReason.HeadersTooLarge => "Header section too large",
        RejectReason.TooManyHeaders => "Too many header fields",
        RejectReason.InvalidHeaderName => "Invalid header field name",
        RejectReason.InvalidHeaderValue => "Invalid header field value",
        RejectReason.WhitespaceBeforeColon => "Whitespace between field name and colon",
        RejectReason.ObsFold => "Obsolete line folding",
        RejectReason.BareLineFeed => "Bare LF",
        RejectReason.BareCarriageReturn => "Bare CR",
        RejectReason.MissingHost => "Missing Host header",
        RejectReason.DuplicateHost => "Duplicate Host header",
        RejectReason.InvalidHost => "Invalid Host header",
        RejectReason.ContentLengthAndTransferEncoding => "Both Content-Length and Transfer-Encoding",
        RejectReason.InvalidContentLength => "Invalid Content-Length",
        RejectReason.DuplicateContentLength => "Duplicate Content-Length",
        RejectReason.TransferEncodingWithHttp10 => "Transfer-Encoding in an HTTP/1.0 message",
        RejectReason.InvalidTransferEncoding => "Invalid Transfer-Encoding",
        RejectReason.UnsupportedTransferCoding => "Transfer coding not implemented",
        RejectReason.TransferEncodingNotFinalChunked => "Final transfer coding is not chunked",
        RejectReason.BodyTooLarge => "Content too large",
        RejectReason.InvalidChunkSize => "Invalid chunk size",
        RejectReason.InvalidChunkExtension => "Invalid chunk extension",
        RejectReason.ChunkExtensionsTooLarge => "Chunk extensions too large",
        RejectReason.InvalidChunkTerminator => "Chunk data not followed by CRLF",
        RejectReason.InvalidHttp2Settings => "Invalid HTTP2-Settings header",
        _ => "Bad request",
    };
}
