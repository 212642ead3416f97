using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// An upstream on a bare listening socket for fault tests, where <see cref="TestBackend"/> is too polite:
/// each accepted connection is handed to a script that may read nothing (a black hole), reset mid-body,
/// trickle a byte a second, or write as fast as the kernel lets it. Counts accepted connections, and keeps
/// every accepted socket open until the script returns (or the upstream is disposed).
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Socket, int, CancellationToken, Task> _script;
    private readonly Task _acceptLoop;
    private readonly List<Task> _served = [];
    private readonly List<Socket> _sockets = [];
    private int _connections;

    /// <param name="script">Serves one accepted connection: (socket, 1-based connection number, stopping).</param>
    /// <param name="sendBufferSize">SO_SNDBUF for accepted sockets (0: the kernel default).</param>
    public RawUpstream(Func<Socket, int, CancellationToken, Task> script, int sendBufferSize = 0)
    {
        _script = script;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (sendBufferSize > 0) _listener.SendBufferSize = sendBufferSize; // inherited by accepted sockets
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptAsync(sendBufferSize);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The accepted sockets, in order (still open unless the script closed them).</summary>
    public IReadOnlyList<Socket> Sockets
    {
        get
        {
            lock (_sockets) return _sockets.ToList();
        }
    }

    private async Task AcceptAsync(int sendBufferSize)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            if (sendBufferSize > 0) socket.SendBufferSize = sendBufferSize;
            socket.NoDelay = true;
            var n = Interlocked.Increment(ref _connections);
            lock (_sockets)
            {
                _sockets.Add(socket);
                _served.Add(ServeAsync(socket, n));
            }
        }
    }

    private async Task ServeAsync(Socket socket, int n)
    {
        try
        {
            await _script(socket, n, _stop.Token);
        }
        catch (Exception)
        {
            // The script's peer (Edge) reset or closed: that is what these tests provoke.
        }
    }

    /// <summary>Reads one request head (up to and including CRLFCRLF); null if the peer closed first. Extra bytes read are returned too.</summary>
    public static async Task<(string Head, byte[] Leftover)?> ReadHeadAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
            if (n == 0) return null;
            filled += n;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0) return (Encoding.Latin1.GetString(buffer, 0, end + 4), buffer[(end + 4)..filled]);
            if (filled == buffer.Length) throw new InvalidOperationException("request head over 64 KiB");
        }
    }

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    public static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        while (!bytes.IsEmpty)
        {
            var n = await socket.SendAsync(bytes, SocketFlags.None, ct);
            bytes = bytes[n..];
        }
    }

    public static Task SendAsync(Socket socket, string text, CancellationToken ct) => SendAsync(socket, Encoding.Latin1.GetBytes(text), ct);

    /// <summary>Closes with RST (SO_LINGER 0): unsent data is dropped and the peer sees a reset, not a FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping.
        }
        Task[] served;
        lock (_sockets)
        {
            foreach (var s in _sockets) s.Dispose();
            served = [.. _served];
        }
        await Task.WhenAll(served).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stop.Dispose();
    }
}
