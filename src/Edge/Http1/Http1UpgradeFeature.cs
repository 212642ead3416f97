using System.IO.Pipelines;
using Edge.Http;
using Edge.Transport;

namespace Edge.Http1;

/// <summary>
/// The HTTP/1.1 protocol switch for one client connection (RFC 9110 §7.8, RFC 9112 §9.9): after the core's
/// 101 the connection's pipes are the client side of the tunnel, read and written raw. Bytes the client
/// pipelined after its request head are still in the input pipe, so they are the first tunnel bytes; if
/// no 101 is ever sent, the same bytes are parsed as the next HTTP request (no upgrade smuggling).
/// Created on the first upgradable request of a connection only, so plain connections pay nothing.
/// </summary>
internal sealed class Http1UpgradeFeature : IUpgradeFeature, ITunnelEnd
{
    private readonly Http1ServerConnection _connection;
    private readonly ITransport _transport;
    private CancellationTokenSource? _aborted;
    private int _connectionAborted;

    public Http1UpgradeFeature(Http1ServerConnection connection, ITransport transport)
    {
        _connection = connection;
        _transport = transport;
    }

    /// <summary>True once the 101 was written: the connection belongs to the tunnel and ends with it.</summary>
    public bool Switched { get; private set; }

    public CancellationToken Aborted => Volatile.Read(ref _aborted)?.Token ?? CancellationToken.None;

    public PipeReader Input => _transport.Input;

    public PipeWriter Output => _transport.Output;

    public ITunnelEnd SwitchProtocols(HttpResponseHead head, ReadOnlySpan<byte> protocol)
    {
        if (Switched) throw new InvalidOperationException("the connection already switched protocols");
        _connection.Sink.WriteHead(head, -1, new ResponseExtras { Upgrade = protocol });
        Switched = true;
        // A server-side abort (drain deadline) may race with the switch: whichever comes second sees the other.
        var aborted = new CancellationTokenSource();
        Interlocked.Exchange(ref _aborted, aborted);
        if (Volatile.Read(ref _connectionAborted) != 0) aborted.Cancel();
        return this;
    }

    /// <summary>The server cut the connection: a tunnel on it must end both ways, not just on the client side.</summary>
    public void OnConnectionAborted()
    {
        Interlocked.Exchange(ref _connectionAborted, 1);
        Volatile.Read(ref _aborted)?.Cancel();
    }

    /// <summary>The tunnel failed or timed out: reset the client connection.</summary>
    public void Abort() => _transport.Abort();
}
