using Edge.Http;

namespace Edge.Http1;

/// <summary>Head handler that drops every field: chunked trailers are validated and counted, then
/// discarded, never merged into the head (RFC 9112 §7.1.2 MUST NOT; SECURITY.md case 11).</summary>
internal struct DiscardingFieldHandler : IHttp1HeadHandler
{
    public readonly void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version)
    {
    }

    public readonly void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason)
    {
    }

    public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
    }

    public readonly void OnHeadersComplete()
    {
    }
}
