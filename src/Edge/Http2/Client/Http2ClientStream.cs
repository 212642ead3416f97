using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Edge.Http;
using Edge.Http2.FlowControl;
using Edge.Http2.Server;
using Edge.Transport;

namespace Edge.Http2.Client;

/// <summary>
/// One request/response stream on an upstream connection. The forwarder owns it from
/// <see cref="Http2ClientConnection.StartRequest{THead}"/> to <see cref="Http2ClientConnection.Release"/>;
/// the connection's read loop fills in the response head, the body (DATA copied into a small pipe: the
/// frame's bytes live in the connection's input) and the trailers. The receive windows are credited back
/// only as the body is consumed, so the stream window bounds what one stream buffers. Pooled per
/// connection. The response body is this object's <see cref="IHttpBodySource"/> face.
/// </summary>
internal sealed class Http2ClientStream : IHttpBodySource
{
    private readonly Pipe _body = new(new PipeOptions(PinnedBlockMemoryPool.Instance, PipeScheduler.ThreadPool, PipeScheduler.Inline,
        pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
    private CancellationTokenSource _timer = new();
    private ReadOnlySequence<byte> _held;
    private bool _holding;
    private bool _bodyEnded;

    private bool _writerCompleted;

    public Http2ClientStream(Http2ClientConnection connection)
    {
        Connection = connection;
        RegisterTimer();
    }

    /// <summary>The timer's expiry resets the stream (timeouts are rare: a fired source is replaced, not reused).</summary>
    private void RegisterTimer() => _timer.Token.UnsafeRegister(static s => ((Http2ClientStream)s!).Connection.OnStreamTimeout((Http2ClientStream)s!), this);

    public Http2ClientConnection Connection { get; }

    public int StreamId { get; internal set; }

    // ---- state, guarded by the connection lock ----
    internal Http2SendWindow SendWindow;
    internal Http2ReceiveWindow ReceiveWindow;
    /// <summary>Our END_STREAM (or RST_STREAM) went out.</summary>
    internal bool LocalClosed;
    /// <summary>The peer's END_STREAM arrived (or the stream is dead).</summary>
    internal bool RemoteClosed;
    /// <summary>Open in the connection's table (frames for it are accepted).</summary>
    internal bool Registered;
    internal bool WaitingForWindow;
    internal int InterimResponses;
    internal long DeclaredLength = -1;
    internal long DataReceived;

    /// <summary>The final response head (valid once <see cref="HeadReceived"/>).</summary>
    public HttpResponseHead Head { get; } = new();

    /// <summary>Trailer fields (valid once the body ended, when <see cref="HasTrailers"/>).</summary>
    public HttpResponseHead Trailers { get; } = new();

    public bool HeadReceived { get; internal set; }

    public bool HasTrailers { get; internal set; }

    /// <summary>Set once; the stream is dead from then on.</summary>
    public Http2ClientStreamFailure Failure { get; internal set; }

    /// <summary>The peer's RST_STREAM code, when <see cref="Failure"/> is Reset or Refused by a reset.</summary>
    public Frames.Http2ErrorCode ResetCode { get; internal set; }

    /// <summary>Wakes the response reader: head, data, trailers, failure.</summary>
    internal Http2Signal ResponseSignal { get; } = new();

    /// <summary>Wakes the request body writer: send window, output drained, failure.</summary>
    internal Http2Signal WindowSignal { get; } = new();

    internal PipeWriter BodyWriter => _body.Writer;

    /// <summary>Ends the body as the reader will see it: cleanly (END_STREAM) or with <paramref name="error"/>. Once.</summary>
    internal void CompleteBody(Exception? error)
    {
        if (_writerCompleted) return;
        _writerCompleted = true;
        _body.Writer.Complete(error);
    }

    /// <summary>The peer's END_STREAM arrived: no more DATA may be written.</summary>
    internal bool BodyCompleted => _writerCompleted;

    internal void Start(int streamId, int sendWindow, int receiveWindow)
    {
        StreamId = streamId;
        SendWindow = new Http2SendWindow(Math.Max(0, sendWindow));
        // A negative initial window (after a SETTINGS decrease) is applied as a delta by the caller.
        if (sendWindow < 0) SendWindow.ApplyInitialWindowDelta(sendWindow);
        ReceiveWindow = new Http2ReceiveWindow(receiveWindow);
        LocalClosed = false;
        RemoteClosed = false;
        Registered = true;
        WaitingForWindow = false;
        InterimResponses = 0;
        DeclaredLength = -1;
        DataReceived = 0;
        HeadReceived = false;
        HasTrailers = false;
        Failure = Http2ClientStreamFailure.None;
        ResetCode = Frames.Http2ErrorCode.NoError;
        Head.Release();
        Trailers.Release();
        _holding = false;
        _bodyEnded = false;
        BytesRead = 0;
        ResponseSignal.Reset();
        WindowSignal.Reset();
    }

    /// <summary>After the forwarder let go: the pipe and buffers are emptied for the next request.</summary>
    internal void Recycle()
    {
        if (_holding)
        {
            _body.Reader.AdvanceTo(_held.End);
            _holding = false;
        }
        _body.Reader.Complete();
        if (!_writerCompleted) _body.Writer.Complete();
        _body.Reset();
        Head.Release();
        Trailers.Release();
        _writerCompleted = false;
        if (!_timer.TryReset())
        {
            _timer.Dispose();
            _timer = new CancellationTokenSource();
            RegisterTimer();
        }
    }

    internal void ArmTimer(TimeSpan timeout) => _timer.CancelAfter(timeout);

    internal void DisarmTimer() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    // ---- IHttpBodySource: the response body ----

    public long ContentLength => DeclaredLength;

    public long BytesRead { get; private set; }

    public void LimitTo(long maxBytes)
    {
        // Response bodies are not capped (the client asked for them); only request bodies are.
    }

    /// <summary>
    /// The next body bytes, waiting at most the body idle timeout. A reset or broken connection fails
    /// the read with IOException; a timeout with TimeoutException (the forwarder truncates the response).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken)
    {
        if (_holding) throw new InvalidOperationException("Consume() the previous chunk first");
        if (_bodyEnded) return new BodyChunk(default, IsEnd: true);
        var reader = _body.Reader;
        ArmTimer(Connection.Options.BodyIdleTimeout);
        ReadResult result;
        try
        {
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DisarmTimer();
        }
        var buffer = result.Buffer;
        if (buffer.IsEmpty && result.IsCompleted)
        {
            reader.AdvanceTo(buffer.End);
            _bodyEnded = true;
            return new BodyChunk(default, IsEnd: true);
        }
        _held = buffer;
        _holding = true;
        BytesRead += buffer.Length;
        return new BodyChunk(buffer, IsEnd: false);
    }

    public void Consume()
    {
        if (!_holding) return;
        _holding = false;
        // The length first: once advanced, the sequence's segments go back to the pool.
        var consumed = (int)_held.Length;
        _body.Reader.AdvanceTo(_held.End);
        _held = default;
        Connection.OnBodyConsumed(this, consumed);
    }
}
