using Edge.Http;

namespace Edge.Http1;

/// <summary>Struct callback target for <see cref="Http1Parser"/> on the server side (devirtualized calls).</summary>
internal readonly struct Http1ServerHeadHandler : IHttp1HeadHandler
{
    private readonly Http1ServerConnection _connection;

    public Http1ServerHeadHandler(Http1ServerConnection connection) => _connection = connection;

    public void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version) =>
        _connection.OnRequestLine(method, knownMethod, target, version);

    public void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason) =>
        BadHttpMessageException.Throw(RejectReason.InvalidRequestLine);

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => _connection.OnHeader(name, value);

    public void OnHeadersComplete()
    {
    }
}
