using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Writes one response on an HTTP/1.x client connection. The head goes into the output pipe without a
/// flush, so a head and a small body leave in one send. Framing: a known length becomes Content-Length;
/// an unknown one becomes chunked for HTTP/1.1 clients, or end-at-close for HTTP/1.0. Hop-by-hop and
/// framing fields from the upstream are never copied (RFC 9110 §7.6.1); the Date field is Edge's own.
/// </summary>
internal sealed class Http1ResponseSink : IResponseSink
{
    private readonly Http1ServerConnection _connection;
    private HttpVersion _clientVersion;
    private bool _keepAlive;
    private bool _chunked;
    private bool _noBody;
    private long _declaredLength;

    public Http1ResponseSink(Http1ServerConnection connection) => _connection = connection;

    public bool HasStarted { get; private set; }
    public long BodyBytesWritten { get; private set; }

    /// <summary>The connection must close after this response (set by the head, or by the response).</summary>
    public bool CloseAfter { get; set; }

    /// <summary>The response was cut short; the connection is closed without a clean end.</summary>
    public bool Aborted { get; private set; }

    public void Start(HttpVersion clientVersion, bool keepAlive)
    {
        _clientVersion = clientVersion;
        _keepAlive = keepAlive;
        HasStarted = false;
        Aborted = false;
        CloseAfter = !keepAlive;
        BodyBytesWritten = 0;
        _chunked = false;
        _noBody = false;
        _declaredLength = -1;
    }

    public void WriteHead(HttpResponseHead head, long contentLength, in ResponseExtras extra)
    {
        if (HasStarted) throw new InvalidOperationException("response head already written");
        HasStarted = true;
        var status = head.Status;
        var output = _connection.Output;
        // A drain that began while the request was in flight still closes this connection, and says so.
        if (extra.CloseConnection || _connection.IsDraining) CloseAfter = true;
        _connection.Exchange.ResponseStatus = status;

        output.Write(StatusLines.Http11(status));
        output.Write(DateHeaderCache.Shared.HeaderLine);
        // The core's own fields for this exchange (CORS): they replace any the upstream sent.
        var edits = _connection.Exchange.ResponseFields;
        var removing = edits.Removed.Length > 0;
        for (var i = 0; i < head.HeaderCount; i++)
        {
            var kind = head.HeaderKind(i);
            if (KnownHeaders.IsHopByHopOrRewritten(kind) || kind == KnownHeader.Date || head.IsConnectionNominated(i)) continue;
            if (removing && edits.IsRemoved(head.HeaderName(i))) continue;
            output.Write(head.HeaderName(i));
            output.Write(": "u8);
            output.Write(head.HeaderValue(i));
            output.Write("\r\n"u8);
        }
        for (var i = 0; i < edits.AddedCount; i++)
        {
            output.Write(edits.AddedName(i));
            output.Write(": "u8);
            output.Write(edits.AddedValue(i));
            output.Write("\r\n"u8);
        }
        if (!extra.ContentType.IsEmpty) WriteField(output, "Content-Type: "u8, extra.ContentType);
        if (!extra.Allow.IsEmpty) WriteField(output, "Allow: "u8, extra.Allow);

        // RFC 9110 §6.4.1: 1xx, 204 and 304 never have content; HEAD has none on the wire.
        var bodyForbidden = status is < 200 or 204 or 304;
        _noBody = bodyForbidden || extra.HeadOnly;
        _declaredLength = contentLength;
        if (bodyForbidden)
        {
            if (status == 304 && contentLength >= 0) WriteContentLength(output, contentLength);
        }
        else if (contentLength >= 0)
        {
            WriteContentLength(output, contentLength);
        }
        else if (_clientVersion == HttpVersion.Http11)
        {
            // A HEAD response mirrors the GET's framing fields without sending the body.
            output.Write("Transfer-Encoding: chunked\r\n"u8);
            _chunked = !extra.HeadOnly;
        }
        else
        {
            // HTTP/1.0 has no chunked coding: the body ends when the connection closes.
            CloseAfter = !extra.HeadOnly || CloseAfter;
        }

        if (!extra.Upgrade.IsEmpty)
        {
            // RFC 9110 §7.8: a 101 names the protocol the connection switches to; the upstream's own
            // Connection and Upgrade fields are hop-by-hop and were skipped above. No keep-alive here:
            // the connection belongs to the tunnel and ends with it.
            output.Write("Connection: Upgrade\r\nUpgrade: "u8);
            output.Write(extra.Upgrade);
            output.Write("\r\n"u8);
        }
        else if (CloseAfter)
            output.Write("Connection: close\r\n"u8);
        else if (_clientVersion == HttpVersion.Http10)
            output.Write("Connection: keep-alive\r\n"u8);
        output.Write("\r\n"u8);
    }

    private static void WriteField(PipeWriter output, ReadOnlySpan<byte> nameColonSpace, ReadOnlySpan<byte> value)
    {
        output.Write(nameColonSpace);
        output.Write(value);
        output.Write("\r\n"u8);
    }

    private static void WriteContentLength(PipeWriter output, long length)
    {
        output.Write("Content-Length: "u8);
        var span = output.GetSpan(24);
        Utf8Formatter.TryFormat(length, span, out var written);
        output.Advance(written);
        output.Write("\r\n"u8);
    }

    public ValueTask WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteBodyAsync(new ReadOnlySequence<byte>(data), cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteBodyAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        if (!HasStarted) throw new InvalidOperationException("write the head first");
        if (data.IsEmpty || _noBody) return;
        var output = _connection.Output;
        if (_chunked)
        {
            var span = output.GetSpan(20);
            Utf8Formatter.TryFormat(data.Length, span, out var written, new StandardFormat('X'));
            span[written] = (byte)'\r';
            span[written + 1] = (byte)'\n';
            output.Advance(written + 2);
        }
        foreach (var segment in data) output.Write(segment.Span);
        if (_chunked) output.Write("\r\n"u8);
        BodyBytesWritten += data.Length;
        await FlushWithTimeoutAsync(output).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (!HasStarted) throw new InvalidOperationException("write the head first");
        if (_chunked) _connection.Output.Write("0\r\n\r\n"u8);
        if (_declaredLength >= 0 && !_noBody && BodyBytesWritten != _declaredLength)
        {
            // Fewer bytes than announced: the client must see a truncation, not a hang or a desync.
            Abort();
            return;
        }
        await FlushWithTimeoutAsync(_connection.Output).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a chunked body with trailer fields (RFC 9112 §7.1.2) when the client sent <c>TE: trailers</c>
    /// (RFC 9110 §10.1.4: it will not discard them); otherwise, or for a body framed by Content-Length or
    /// the close, they are dropped as RFC 9110 §6.5.1 allows. Hop-by-hop and framing fields, and values
    /// with CR, LF or NUL, are never written.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CompleteAsync(HttpHead trailers, CancellationToken cancellationToken)
    {
        if (!HasStarted) throw new InvalidOperationException("write the head first");
        if (!_chunked || trailers.HeaderCount == 0 || !ClientAcceptsTrailers())
        {
            await CompleteAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var output = _connection.Output;
        output.Write("0\r\n"u8);
        for (var i = 0; i < trailers.HeaderCount; i++)
        {
            var name = trailers.HeaderName(i);
            var value = trailers.HeaderValue(i);
            if (KnownHeaders.IsHopByHopOrRewritten(trailers.HeaderKind(i)) || trailers.IsConnectionNominated(i)
                || name.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0 || value.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
                continue;
            output.Write(name);
            output.Write(": "u8);
            output.Write(value);
            output.Write("\r\n"u8);
        }
        output.Write("\r\n"u8);
        await FlushWithTimeoutAsync(output).ConfigureAwait(false);
    }

    private bool ClientAcceptsTrailers() =>
        _connection.Exchange.Request.TryGetHeader(KnownHeader.TE, out var te) && te.IndexOf("trailers"u8) >= 0;

    /// <summary>
    /// Flushes into the pipe; waits only when 64 KiB are already queued (back-pressure from a slow
    /// reader). A client that takes nothing for the send timeout is cut off (SECURITY.md case 39).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushWithTimeoutAsync(PipeWriter output)
    {
        var flush = output.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            if (flush.Result.IsCanceled) throw new IOException("client connection closed");
            return;
        }
        _connection.Arm(_connection.Options.SendTimeout);
        using (_connection.TimerToken.UnsafeRegister(static s => ((PipeWriter)s!).CancelPendingFlush(), output))
        {
            var result = await flush.ConfigureAwait(false);
            if (result.IsCanceled)
            {
                if (_connection.TimerFired) throw new SendTimeoutException();
                throw new IOException("client connection closed");
            }
        }
        _connection.Disarm();
    }

    public void Abort()
    {
        Aborted = true;
        CloseAfter = true;
        _connection.Exchange.Truncated = true;
    }

    /// <summary>A complete small response from the gateway itself (faults, direct responses, admin): one flush.</summary>
    public ValueTask WriteSimpleAsync(int status, ReadOnlySpan<byte> contentType, ReadOnlyMemory<byte> body, bool headOnly = false)
    {
        var head = SimpleHead.Value!;
        head.Release();
        head.Status = status;
        WriteHead(head, body.Length, new ResponseExtras { ContentType = contentType, HeadOnly = headOnly });
        if (!_noBody && !body.IsEmpty)
        {
            _connection.Output.Write(body.Span);
            BodyBytesWritten += body.Length;
        }
        return CompleteAsync(CancellationToken.None);
    }

    // An empty head reused for gateway-made responses (thread-static: one per worker thread, no allocation).
    private static readonly ThreadLocal<HttpResponseHead> SimpleHead = new(static () => new HttpResponseHead());
}

/// <summary>The client took nothing of the queued response for the send timeout (SECURITY.md case 39).</summary>
internal sealed class SendTimeoutException : IOException
{
    public SendTimeoutException() : base("client stopped reading the response")
    {
    }
}
