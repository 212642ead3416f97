using Edge.Http;
using Edge.Http1;

namespace Edge.Upstream;

/// <summary>Struct callback target for parsing an upstream's response head.</summary>
internal readonly struct Http1UpstreamHeadHandler : IHttp1HeadHandler
{
    private readonly Http1UpstreamConnection _connection;

    public Http1UpstreamHeadHandler(Http1UpstreamConnection connection) => _connection = connection;

    public void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version) =>
        BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);

    public void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason) => _connection.OnStatusLine(version, status);

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => _connection.OnHeader(name, value);

    public void OnHeadersComplete()
    {
    }
}
