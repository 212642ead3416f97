using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Edge.Transport.Tls;

/// <summary>
/// One TLS connection (client or upstream) as a duplex pipe, so the protocol layers above cannot tell
/// it from a <see cref="SocketConnection"/>: a receive loop decrypts from the <see cref="TlsStream"/>
/// into <see cref="Input"/>, a send loop encrypts <see cref="Output"/> into it. The pipes are the same
/// bounded, pooled pipes as the plain connection's, so back-pressure and memory per connection are the
/// same. Created by <see cref="TlsHandshake"/> once the handshake succeeded. Split by aspect:
/// <c>.Receive.cs</c>, <c>.Send.cs</c>.
/// </summary>
internal sealed partial class TlsConnection : ITransport
{
    private readonly Socket _socket;
    private readonly TlsStream _tls;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private Task _receiveTask = Task.CompletedTask;
    private Task _sendTask = Task.CompletedTask;
    private int _aborted;
    private volatile bool _closing;

    public TlsConnection(Socket socket, TlsStream tls, TlsConnectionInfo info, MemoryPool<byte>? pool = null)
    {
        _socket = socket;
        _tls = tls;
        Info = info;
        pool ??= PinnedBlockMemoryPool.Instance;
        // Inline schedulers, as for the plain connection: the decrypting loop runs the parser directly.
        _input = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            pauseWriterThreshold: SocketConnection.MaxInputBuffer, resumeWriterThreshold: SocketConnection.MaxInputBuffer / 2,
            minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            pauseWriterThreshold: SocketConnection.MaxOutputBuffer, resumeWriterThreshold: SocketConnection.MaxOutputBuffer / 2,
            minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
    }

    public PipeReader Input => _input.Reader;
    public PipeWriter Output => _output.Writer;
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>What the handshake negotiated (protocol, ALPN, SNI, the peer's certificate).</summary>
    public TlsConnectionInfo Info { get; }

    TlsConnectionInfo? ITransport.Tls => Info;

    /// <summary>Why the transport ended, for logs and metrics.</summary>
    public TransportEndReason EndReason { get; private set; }

    public void Start()
    {
        _receiveTask = ReceiveLoopAsync();
        _sendTask = SendLoopAsync();
    }

    /// <summary>Closes at once with RST (linger 0), no close_notify: the peer must see a truncation, never a clean end.</summary>
    public void Abort(TransportEndReason reason = TransportEndReason.Aborted)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        if (EndReason == TransportEndReason.None) EndReason = reason;
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception)
        {
            // The socket may already be closed; aborting is best effort by nature.
        }
        _socket.Dispose();
        _input.Writer.CancelPendingFlush();
        _output.Reader.CancelPendingRead();
    }

    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool ResetsUnreadInput => true;

    /// <summary>Sends what is queued and a close_notify, then closes (the app must have completed <see cref="Output"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        _output.Writer.Complete();
        if (!_sendTask.IsCompleted)
        {
            // As for plain sockets: a peer that stopped reading gets CloseTimeout, then a reset.
            try
            {
                await _sendTask.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Abort(TransportEndReason.Aborted);
                await _sendTask.ConfigureAwait(false);
            }
        }
        _closing = true;
        _socket.Dispose();
        // The receive loop may wait on a full input pipe that nobody reads any more: wake it.
        _input.Writer.CancelPendingFlush();
        await _receiveTask.ConfigureAwait(false);
        _input.Reader.Complete();
        await _tls.DisposeAsync().ConfigureAwait(false);
    }
}
