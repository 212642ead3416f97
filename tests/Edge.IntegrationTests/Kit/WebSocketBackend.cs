using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// A WebSocket upstream on a loopback port, on plain sockets and the BCL's server-side WebSocket (no Edge
/// code): it reads one request head byte by byte — so bytes the client sent after the head stay in the
/// socket for the tunnel — records it, and hands the connection to <see cref="Behavior"/>. The default
/// answers an RFC 6455 handshake with 101 and echoes every message (text or binary, any size) until a
/// close handshake; the text message <c>close-me</c> makes it start the close itself.
/// </summary>
internal sealed class WebSocketBackend : IAsyncDisposable
{
    /// <summary>RFC 6455 §1.3: the GUID appended to Sec-WebSocket-Key before hashing.</summary>
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _closed;

    public WebSocketBackend()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(64);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Request heads received, in order.</summary>
    public ConcurrentQueue<BackendRequest> Requests { get; } = new();

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections that have ended (the behavior returned, or the peer went away).</summary>
    public int ClosedConnections => Volatile.Read(ref _closed);

    /// <summary>What to do with a connection once its request head is read; the socket closes when it returns.</summary>
    public Func<BackendRequest, NetworkStream, Task> Behavior { get; set; } = EchoAsync;

    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    /// <summary>The 101 answering <paramref name="request"/>'s handshake.</summary>
    public static string SwitchingProtocols(BackendRequest request) =>
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Accept: {AcceptKey(request.Header("Sec-WebSocket-Key") ?? "")}\r\n\r\n";

    /// <summary>True when the request carries an RFC 6455 upgrade (what Edge forwarded, if anything).</summary>
    public static bool IsWebSocketUpgrade(BackendRequest request) =>
        request.Header("Upgrade")?.Equals("websocket", StringComparison.OrdinalIgnoreCase) == true
        && request.Header("Connection")?.Contains("upgrade", StringComparison.OrdinalIgnoreCase) == true
        && request.Header("Sec-WebSocket-Key") is not null;

    /// <summary>The default: 101 and an echo of every message; a request that is no upgrade gets 426.</summary>
    public static async Task EchoAsync(BackendRequest request, NetworkStream stream)
    {
        if (!IsWebSocketUpgrade(request))
        {
            await stream.WriteAsync("HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            return;
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes(SwitchingProtocols(request)));
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Answer the client's close with the same status and reason (RFC 6455 §5.5.1).
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None);
                return;
            }
            if (result.MessageType == WebSocketMessageType.Text && Encoding.UTF8.GetString(message.ToArray()) == "close-me")
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "server bye", CancellationToken.None);
                return;
            }
            await socket.SendAsync(message.ToArray(), result.MessageType, endOfMessage: true, CancellationToken.None);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream, _stop.Token);
                if (request is null) return;
                Requests.Enqueue(request);
                await Behavior(request, stream);
            }
        }
        catch (Exception)
        {
            // The peer (Edge) closed or reset: the test asserts on what it saw instead.
        }
        finally
        {
            Interlocked.Increment(ref _closed);
        }
    }

    /// <summary>Reads exactly one request head (byte by byte, so nothing after it is consumed).</summary>
    private static async Task<BackendRequest?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, ct) == 0) return null;
            head.Add(one[0]);
            if (head.Count > 64 * 1024) throw new InvalidDataException("request head too large");
        }
        var text = Encoding.Latin1.GetString(head.ToArray(), 0, head.Count - 4);
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }
        return new BackendRequest
        {
            Method = parts[0],
            Target = parts.Length > 1 ? parts[1] : "",
            Version = parts.Length > 2 ? parts[2] : "",
            Headers = headers,
            Body = [],
            RawHead = text,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping.
        }
    }
}
