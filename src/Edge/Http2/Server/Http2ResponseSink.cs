using System.Buffers;
using System.Runtime.CompilerServices;
using Edge.Http;

namespace Edge.Http2.Server;

/// <summary>
/// Writes one stream's response: the head as HEADERS (:status first, HPACK-encoded by the connection
/// under its write lock, connection-specific and framing fields never sent, RFC 9113 §8.2.2), the body as
/// DATA frames within the peer's stream and connection windows, END_STREAM on the last frame. With a
/// known length END_STREAM rides on the DATA frame that completes it; a body-less response (HEAD, 204,
/// 304, length 0) ends on HEADERS. <see cref="Abort"/> resets the stream (RST_STREAM(INTERNAL_ERROR)),
/// so a truncated upstream response is never seen as complete (SECURITY.md case 60).
/// </summary>
internal sealed class Http2ResponseSink : IResponseSink
{
    private readonly Http2Stream _stream;
    private long _declaredLength;
    private bool _noBody;
    private bool _ended;

    public Http2ResponseSink(Http2Stream stream) => _stream = stream;

    public bool HasStarted { get; private set; }

    public long BodyBytesWritten { get; private set; }

    /// <summary>The response was cut short (the stream was reset rather than ended).</summary>
    public bool Aborted { get; private set; }

    /// <summary>END_STREAM was written.</summary>
    public bool Ended => _ended;

    public void Start()
    {
        HasStarted = false;
        Aborted = false;
        BodyBytesWritten = 0;
        _declaredLength = -1;
        _noBody = false;
        _ended = false;
    }

    public void WriteHead(HttpResponseHead head, long contentLength, in ResponseExtras extra)
    {
        if (HasStarted) throw new InvalidOperationException("response head already written");
        HasStarted = true;
        var status = head.Status;
        _stream.Exchange.ResponseStatus = status;
        // RFC 9110 §6.4.1: 1xx, 204 and 304 have no content; HEAD none on the wire.
        var bodyForbidden = status is < 200 or 204 or 304;
        _noBody = bodyForbidden || extra.HeadOnly || contentLength == 0;
        _declaredLength = contentLength;
        var sendLength = bodyForbidden ? (status == 304 ? contentLength : -1) : contentLength;
        _ended = _noBody;
        _stream.Connection.WriteResponseHeaders(_stream, head, sendLength, extra, endStream: _noBody);
    }

    public ValueTask WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteBodyAsync(new ReadOnlySequence<byte>(data), cancellationToken);

    public ValueTask WriteBodyAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        if (!HasStarted) throw new InvalidOperationException("write the head first");
        if (data.IsEmpty || _noBody) return ValueTask.CompletedTask;
        if (_ended) throw new InvalidOperationException("body longer than its declared length");
        // With a known length, the write that completes it carries END_STREAM: one frame fewer.
        var last = _declaredLength >= 0 && BodyBytesWritten + data.Length >= _declaredLength;
        if (_declaredLength >= 0 && BodyBytesWritten + data.Length > _declaredLength)
        {
            // More than announced: a broken upstream. Never let the client see it as complete.
            Abort();
            return ValueTask.FromException(new IOException("response body longer than its content-length"));
        }
        BodyBytesWritten += data.Length;
        if (last) _ended = true;
        return _stream.Connection.WriteDataAsync(_stream, data, last, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (!HasStarted) throw new InvalidOperationException("write the head first");
        if (_declaredLength >= 0 && !_noBody && BodyBytesWritten != _declaredLength)
        {
            // Fewer bytes than announced: a reset, never END_STREAM (SECURITY.md case 60).
            Abort();
            return;
        }
        if (_ended)
        {
            _stream.Connection.RequestFlush();
            return;
        }
        _ended = true;
        await _stream.Connection.WriteDataAsync(_stream, ReadOnlySequence<byte>.Empty, endStream: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Trailers as a last HEADERS frame with END_STREAM (RFC 9113 §8.1), when the body is still open (no
    /// declared length already completed it); otherwise they are dropped.
    /// </summary>
    public ValueTask CompleteAsync(HttpHead trailers, CancellationToken cancellationToken)
    {
        if (!HasStarted) throw new InvalidOperationException("write the head first");
        if (trailers.HeaderCount == 0 || _ended || _noBody || _declaredLength >= 0) return CompleteAsync(cancellationToken);
        _ended = true;
        return _stream.Connection.WriteResponseTrailersAsync(_stream, trailers, cancellationToken);
    }

    public void Abort()
    {
        if (Aborted) return;
        Aborted = true;
        _stream.Exchange.Truncated = HasStarted;
        _stream.Connection.ResetStream(_stream, Frames.Http2ErrorCode.InternalError);
    }

    /// <summary>A small complete response from Edge itself (a 400/431 refusal), one HEADERS + one DATA.</summary>
    public ValueTask WriteSimpleAsync(int status, ReadOnlySpan<byte> contentType, ReadOnlyMemory<byte> body)
    {
        var head = SimpleHead.Value!;
        head.Release();
        head.Status = status;
        WriteHead(head, body.Length, new ResponseExtras { ContentType = contentType });
        return body.IsEmpty ? CompleteAsync(CancellationToken.None) : WriteBodyAsync(body, CancellationToken.None);
    }

    private static readonly ThreadLocal<HttpResponseHead> SimpleHead = new(static () => new HttpResponseHead());
}
