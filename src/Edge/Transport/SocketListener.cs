using System.Net;
using System.Net.Sockets;
using Edge.Transport.Tls;

namespace Edge.Transport;

/// <summary>
/// Accepts TCP connections on one endpoint and hands each to a connection handler. Enforces the
/// listener's connection cap with an interlocked counter (Garnet's shape): a connection over the cap is
/// closed at once and counted, and the others are unaffected. Accept errors are sorted into tiers:
/// resource pressure (EMFILE, ENOBUFS) backs off exponentially instead of spinning; the listener being
/// closed stops the loop; anything else is logged as transient and accepting continues. With TLS, the
/// handshake runs on the accepted connection before the handler sees it, and counts against the cap.
/// </summary>
internal sealed class SocketListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<ITransport, Task> _handler;
    private readonly TlsListenerState? _tls;
    private readonly int _maxConnections;
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _active;
    private long _refused;
    private long _accepted;

    private SocketListener(Socket socket, int maxConnections, Func<ITransport, Task> handler, TlsListenerState? tls)
    {
        _socket = socket;
        _tls = tls;
        _maxConnections = maxConnections;
        _handler = handler;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The bound endpoint (with the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    public int ActiveConnections => Volatile.Read(ref _active);
    public long RefusedConnections => Interlocked.Read(ref _refused);
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Invoked for accept errors that did not stop the listener (for the log).</summary>
    public Action<SocketError>? OnAcceptError { get; init; }

    /// <summary>Binds and listens; with <paramref name="tls"/>, every connection is a TLS connection.</summary>
    public static SocketListener Bind(IPEndPoint endPoint, int maxConnections, Func<ITransport, Task> handler, TlsListenerState? tls = null, int backlog = 1024)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            AllowRebindOverTimeWait(socket);
            socket.Bind(endPoint);
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new SocketListener(socket, maxConnections, handler, tls);
    }

    /// <summary>
    /// SO_REUSEADDR alone, so a restarted Edge can bind while connections it closed linger in TIME_WAIT.
    /// Not SocketOptionName.ReuseAddress: on Linux .NET maps that to SO_REUSEPORT as well, which would
    /// let a second Edge (or anything else) bind the same port and silently take part of the traffic;
    /// a bind conflict must fail loudly instead.
    /// </summary>
    private static void AllowRebindOverTimeWait(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return;
        const int SolSocket = 1, SoReuseAddr = 2; // <sys/socket.h> on Linux
        Span<byte> one = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(one, 1);
        socket.SetRawSocketOption(SolSocket, SoReuseAddr, one);
    }

    public void Start() => _acceptLoop = AcceptLoopAsync();

    private async Task AcceptLoopAsync()
    {
        var backoff = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                // Out of file descriptors or buffers: accepting again at once would spin. Back off.
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond));
                OnAcceptError?.Invoke(e.SocketErrorCode);
                try
                {
                    await Task.Delay(backoff, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            catch (SocketException e)
            {
                // A connection that died in the backlog (ECONNABORTED) and the like: not our problem.
                OnAcceptError?.Invoke(e.SocketErrorCode);
                continue;
            }

            if (Interlocked.Increment(ref _active) > _maxConnections)
            {
                Interlocked.Decrement(ref _active);
                Interlocked.Increment(ref _refused);
                client.Dispose();
                continue;
            }
            Interlocked.Increment(ref _accepted);
            client.NoDelay = true;
            _ = RunConnectionAsync(client);
        }
    }

    private async Task RunConnectionAsync(Socket client)
    {
        ITransport? connection = null;
        try
        {
            if (_tls is null)
            {
                var plain = new SocketConnection(client);
                plain.Start();
                connection = plain;
            }
            else
            {
                // Off the accept loop first: the ClientHello is usually there already, and the handshake's
                // key exchange would otherwise run on the accepting thread and serialize every handshake.
                await Task.Yield();
                // Null: the handshake failed and was counted and logged; the socket is closed below.
                connection = await TlsHandshake.AcceptAsync(client, _tls).ConfigureAwait(false);
                if (connection is null) return;
            }
            await _handler(connection).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The handler owns protocol errors; anything escaping it ends this connection only.
            connection?.Abort();
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            else client.Dispose();
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Stops accepting (the socket closes, new connections are refused by the OS); existing ones go on.</summary>
    public async Task StopAcceptingAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
