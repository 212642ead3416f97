using System.IO.Pipelines;
using System.Net;

namespace Edge.Transport;

/// <summary>
/// One end of an in-memory connection (two cross-wired pipes): what one end writes, the other reads.
/// Used by the end-to-end benchmark (the whole proxy path without sockets, Garnet's Embedded/ idea) and
/// by protocol tests.
/// </summary>
internal sealed class InMemoryTransport : ITransport
{
    /// <summary>Unused in memory: nothing can stall a peer's receive buffer.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    private readonly Pipe _incoming;
    private readonly Pipe _outgoing;

    private InMemoryTransport(Pipe incoming, Pipe outgoing, IPEndPoint remote)
    {
        _incoming = incoming;
        _outgoing = outgoing;
        RemoteEndPoint = remote;
    }

    public PipeReader Input => _incoming.Reader;
    public PipeWriter Output => _outgoing.Writer;
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>Creates the two ends of one connection.</summary>
    public static (InMemoryTransport A, InMemoryTransport B) CreatePair()
    {
        var options = new PipeOptions(PinnedBlockMemoryPool.Instance, PipeScheduler.Inline, PipeScheduler.Inline,
            pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);
        var ab = new Pipe(options);
        var ba = new Pipe(options);
        var loopback = new IPEndPoint(IPAddress.Loopback, 40000);
        return (new InMemoryTransport(ba, ab, loopback), new InMemoryTransport(ab, ba, loopback));
    }

    public void Abort(TransportEndReason reason = TransportEndReason.Aborted)
    {
        var error = new ConnectionResetException(System.Net.Sockets.SocketError.ConnectionReset);
        _outgoing.Writer.Complete(error);
        _incoming.Reader.Complete(error);
    }

    public ValueTask DisposeAsync()
    {
        _outgoing.Writer.Complete();
        return ValueTask.CompletedTask;
    }
}
