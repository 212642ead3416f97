using System.Diagnostics;
using Edge.Http;
using Edge.Http2.Flood;
using Edge.Http2.FlowControl;
using Edge.Http2.Streams;

namespace Edge.Http2.Server;

/// <summary>
/// One request stream on a server connection: its §5.1 state and windows (guarded by the connection's
/// lock), and the exchange the gateway core handles, with the request body (<see cref="Http2RequestBody"/>)
/// and response sink (<see cref="Http2ResponseSink"/>). The exchange runs as its own flow on the thread
/// pool (the stream is the work item, as Kestrel's Http2Stream is), so streams run concurrently. Pooled
/// per connection: the head's buffer, the body pipe and the signal are reused.
/// <para>
/// A stream counts against SETTINGS_MAX_CONCURRENT_STREAMS from its HEADERS until the core has finished
/// its exchange, even when the client reset it long before: a client cannot make Edge start more upstream
/// requests than the limit by resetting streams (rapid reset, CVE-2023-44487, SECURITY.md case 29).
/// </para>
/// </summary>
internal sealed class Http2Stream : IThreadPoolWorkItem
{
    private CancellationTokenSource _aborted = new();
    private Http2RequestError _rejection;

    public Http2Stream(Http2ServerConnection connection, HttpServerOptions options)
    {
        Connection = connection;
        Head = new HttpRequestHead();
        Exchange = new Exchange(Head);
        Builder = new Http2RequestHeadBuilder(options.Limits.MaxHeaderCount);
        Body = new Http2RequestBody(this);
        Sink = new Http2ResponseSink(this);
        Exchange.Response = Sink;
    }

    public Http2ServerConnection Connection { get; }
    public HttpRequestHead Head { get; }
    public Exchange Exchange { get; }
    public Http2RequestHeadBuilder Builder { get; }
    public Http2RequestBody Body { get; }
    public Http2ResponseSink Sink { get; }

    /// <summary>Wakes the response writer: window opened, output drained, or the stream died.</summary>
    public Http2Signal Signal { get; } = new();

    // ---- guarded by the connection's lock ----
    public int StreamId;
    public Http2StreamState State;
    public Http2SendWindow SendWindow;
    public Http2ReceiveWindow ReceiveWindow;
    public Http2StallTimer Stall;
    /// <summary>In the connection's table (frames still reach it).</summary>
    public bool InTable;
    /// <summary>The exchange has finished; DATA for it is credited and dropped.</summary>
    public bool ExchangeDone;
    /// <summary>The stream was reset (either way) or the connection died: writes fail.</summary>
    public bool Dead;
    /// <summary>The response writer waits for window.</summary>
    public bool WaitingForWindow;
    /// <summary>DATA payload bytes received (content-length check, §8.1.1).</summary>
    public long DataReceived;
    public long DeclaredLength;
    /// <summary>When the body reader began waiting for DATA (0: not waiting), for the body timeout.</summary>
    public long BodyWaitSince;

    /// <summary>Prepares a pooled stream for a new id.</summary>
    public void Start(int streamId, int sendWindow, int receiveWindow)
    {
        StreamId = streamId;
        State = Http2StreamState.Idle;
        SendWindow = new Http2SendWindow(sendWindow);
        ReceiveWindow = new Http2ReceiveWindow(receiveWindow);
        Stall = default;
        InTable = false;
        ExchangeDone = false;
        Dead = false;
        WaitingForWindow = false;
        DataReceived = 0;
        DeclaredLength = -1;
        BodyWaitSince = 0;
        _rejection = Http2RequestError.None;
        Head.Release();
        Exchange.ResetResults();
        Sink.Start();
        Signal.Reset();
        if (!_aborted.TryReset())
        {
            _aborted.Dispose();
            _aborted = new CancellationTokenSource();
        }
        Exchange.Aborted = _aborted.Token;
        Builder.Start(Head);
    }

    /// <summary>Starts the exchange on the thread pool (the connection's read loop goes on at once).</summary>
    public void Run(Http2RequestError rejection)
    {
        _rejection = rejection;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    private async Task RunAsync()
    {
        try
        {
            if (_rejection != Http2RequestError.None)
            {
                await RejectAsync().ConfigureAwait(false);
                return;
            }
            try
            {
                await Connection.Handler.HandleAsync(Exchange).ConfigureAwait(false);
            }
            catch (BadHttpMessageException e)
            {
                // An over-limit body (413) found while forwarding: answer it if nothing was sent yet.
                if (!Sink.HasStarted && !Exchange.Aborted.IsCancellationRequested)
                {
                    Exchange.ResponseStatus = e.StatusCode;
                    await Sink.WriteSimpleAsync(e.StatusCode, ProtocolErrorBodies.ContentType, ProtocolErrorBodies.For(e.Reason)).ConfigureAwait(false);
                    Connection.Handler.OnRejected(Exchange);
                }
                else
                {
                    Sink.Abort();
                }
            }
            if (!Sink.HasStarted && !Exchange.Aborted.IsCancellationRequested)
            {
                // The core must always answer; silence becomes a 500 rather than a hung stream.
                await Sink.WriteSimpleAsync(500, ProtocolErrorBodies.ContentType, ProtocolErrorBodies.InternalError).ConfigureAwait(false);
            }
            else if (Sink.HasStarted && !Sink.Ended && !Sink.Aborted)
            {
                Sink.Abort();
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The stream or the connection died under the exchange; the reset (or GOAWAY) says so already.
            Debug.WriteLine($"h2 stream {StreamId}: {e.Message}");
            if (!Sink.Ended) Sink.Abort();
        }
        finally
        {
            Connection.OnExchangeDone(this);
        }
    }

    private async Task RejectAsync()
    {
        var status = Http2RequestErrors.Status(_rejection);
        var reason = _rejection switch
        {
            Http2RequestError.MissingAuthority => RejectReason.MissingHost,
            Http2RequestError.AuthorityMismatch => RejectReason.InvalidHost,
            _ => RejectReason.HeadersTooLarge,
        };
        Exchange.ResponseStatus = status;
        await Sink.WriteSimpleAsync(status, ProtocolErrorBodies.ContentType, ProtocolErrorBodies.For(reason)).ConfigureAwait(false);
        Connection.Handler.OnRejected(Exchange);
    }

    /// <summary>The client reset the stream, or the connection is going down: the core's work is abandoned.</summary>
    public void Abort(bool clientLeft)
    {
        if (clientLeft) Exchange.ClientAborted = true;
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Replaced by a later Start: this stream's exchange is long over.
        }
    }

    public void OnBodyConsumed(int bytes) => Connection.OnBodyConsumed(this, bytes);

    public void BodyWaitStarted() => Volatile.Write(ref BodyWaitSince, Math.Max(1, Stopwatch.GetTimestamp()));

    public void BodyWaitEnded() => Volatile.Write(ref BodyWaitSince, 0);
}
