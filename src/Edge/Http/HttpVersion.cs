namespace Edge.Http;

/// <summary>The HTTP/1.x versions Edge speaks (RFC 9112 §2.3). Anything else is rejected.</summary>
internal enum HttpVersion : byte
{
    Unknown = 0,
    Http10,
    Http11,
}
