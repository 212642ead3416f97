using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Edge.Transport;

/// <summary>
/// One TCP connection as a duplex pipe: a receive loop fills <see cref="Input"/> from the socket, a send
/// loop drains <see cref="Output"/> into it (Kestrel's socket transport shape). Used for client and
/// upstream connections alike. Both pipes are bounded, so a peer that sends faster than we process, or
/// reads slower than we write, is throttled by back-pressure instead of growing memory.
/// </summary>
internal sealed partial class SocketConnection : ITransport
{
    /// <summary>Input buffered before the receive loop stops reading (back-pressure on the peer).</summary>
    public const int MaxInputBuffer = 64 * 1024;

    /// <summary>Output queued before writers wait (SECURITY.md case 17: Kestrel's MaxResponseBufferSize).</summary>
    public const int MaxOutputBuffer = 64 * 1024;

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly SocketAwaitableEventArgs _receiveArgs = new();
    private readonly SocketAwaitableEventArgs _sendArgs = new();
    private Task _receiveTask = Task.CompletedTask;
    private Task _sendTask = Task.CompletedTask;
    private int _aborted;

    /// <summary>How long closing waits for queued output to reach a peer that is not reading (nginx's send_timeout default).</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool ResetsUnreadInput => true;

    public SocketConnection(Socket socket, MemoryPool<byte>? pool = null)
    {
        _socket = socket;
        pool ??= PinnedBlockMemoryPool.Instance;
        // Inline schedulers: the receive loop runs the parser directly and a flush runs the send loop
        // directly, so no request pays a thread-pool hop between transport and protocol.
        _input = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            pauseWriterThreshold: MaxInputBuffer, resumeWriterThreshold: MaxInputBuffer / 2,
            minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            pauseWriterThreshold: MaxOutputBuffer, resumeWriterThreshold: MaxOutputBuffer / 2,
            minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        LocalEndPoint = socket.LocalEndPoint as IPEndPoint;
    }

    public PipeReader Input => _input.Reader;
    public PipeWriter Output => _output.Writer;
    public IPEndPoint? RemoteEndPoint { get; }
    public IPEndPoint? LocalEndPoint { get; }

    /// <summary>Why the transport ended (peer FIN, reset, abort, ...), for logs and metrics.</summary>
    public TransportEndReason EndReason { get; private set; }

    /// <summary>True once the peer has closed its sending side (a FIN was read).</summary>
    public bool PeerClosed => EndReason == TransportEndReason.PeerClosed;

    public void Start()
    {
        _receiveTask = ReceiveLoopAsync();
        _sendTask = SendLoopAsync();
    }

    /// <summary>
    /// Closes the connection at once: the socket is closed with RST (linger 0) so a half-sent body is
    /// seen as truncated, never as complete. Pending reads and writes end.
    /// </summary>
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

    /// <summary>Waits for queued output to be sent (the app must have completed <see cref="Output"/>), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        _output.Writer.Complete();
        if (!_sendTask.IsCompleted)
        {
            // A peer that stopped reading would hold the last ≤64 KiB of output, and this connection,
            // forever: the flush that queued it returned at once (under the pipe's threshold), so no
            // send timer covers it. Give it the close timeout, then reset.
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
        _socket.Dispose();
        // The receive loop may wait on a full input pipe that nobody reads any more: wake it.
        _input.Writer.CancelPendingFlush();
        await _receiveTask.ConfigureAwait(false);
        _input.Reader.Complete();
    }
}
