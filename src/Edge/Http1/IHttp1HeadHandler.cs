using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Receives a parsed HTTP/1 head. Implemented by structs so <see cref="Http1Parser"/>'s generic
/// methods devirtualize and inline the calls (Kestrel's <c>Http1ParsingHandler</c> pattern).
/// Spans point into the receive buffer (or a scratch copy) and are valid only during the call.
/// </summary>
internal interface IHttp1HeadHandler
{
    /// <summary>A validated request line (RFC 9112 §3). <paramref name="method"/> is a token;
    /// <paramref name="knownMethod"/> is <see cref="KnownMethod.Custom"/> for other tokens.</summary>
    void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version);

    /// <summary>A validated status line (RFC 9112 §4); <paramref name="reason"/> may be empty.</summary>
    void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason);

    /// <summary>One field line: a token name and a value with surrounding OWS removed.</summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);

    /// <summary>The empty line ending the head was consumed.</summary>
    void OnHeadersComplete();
}
