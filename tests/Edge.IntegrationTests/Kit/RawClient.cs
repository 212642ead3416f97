using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// A raw TCP client for protocol tests: sends exact bytes, reads responses one by one (Content-Length,
/// chunked, or until close), and tells whether the server closed the connection.
/// </summary>
internal sealed class RawClient : BufferedReceiver, IDisposable
{
    private readonly Socket _socket;

    private RawClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    /// <summary>
    /// Connects; a <paramref name="receiveBufferSize"/> above 0 sets SO_RCVBUF before the handshake (set
    /// after it, Linux can leave the peer probing a zero window with long back-offs), for slow-reader tests.
    /// </summary>
    public static RawClient Connect(IPEndPoint endPoint, int receiveBufferSize = 0)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize > 0) socket.ReceiveBufferSize = receiveBufferSize;
        socket.Connect(endPoint);
        return new RawClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length) sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
    }

    /// <summary>Reads one response; null when the connection closed before a status line.</summary>
    public async Task<RawResponse?> ReadResponseAsync(int timeoutMs = 10000, bool headRequest = false)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        var headEnd = await FindAsync("\r\n\r\n"u8.ToArray(), cts.Token);
        if (headEnd < 0) return null;
        var head = Encoding.Latin1.GetString(_buffer, _start, headEnd - _start);
        _start = headEnd + 4;
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var response = new RawResponse
        {
            StatusLine = lines[0],
            Status = int.Parse(statusParts[1], System.Globalization.CultureInfo.InvariantCulture),
            Headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .Select(p => new KeyValuePair<string, string>(p[0], p[1].Trim())).ToList(),
        };
        var body = new MemoryStream();
        var status = response.Status;
        if (headRequest || status is < 200 or 204 or 304)
        {
            // no body
        }
        else if (response.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (true)
            {
                var lineEnd = await FindAsync("\r\n"u8.ToArray(), cts.Token);
                if (lineEnd < 0) { response.Truncated = true; break; }
                var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0], 16);
                _start = lineEnd + 2;
                if (size == 0)
                {
                    var end = await FindAsync("\r\n"u8.ToArray(), cts.Token);
                    if (end >= 0) _start = end + 2;
                    break;
                }
                if (!await FillAsync(size + 2, cts.Token)) { response.Truncated = true; break; }
                body.Write(_buffer, _start, size);
                _start += size + 2;
            }
        }
        else if (response.Header("Content-Length") is { } cl)
        {
            var remaining = long.Parse(cl, System.Globalization.CultureInfo.InvariantCulture);
            while (remaining > 0)
            {
                if (_end == _start && !await ReadMoreAsync(cts.Token)) { response.Truncated = true; break; }
                var take = (int)Math.Min(remaining, _end - _start);
                body.Write(_buffer, _start, take);
                _start += take;
                remaining -= take;
            }
        }
        else
        {
            while (await ReadMoreAsync(cts.Token)) { }
            body.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
        response.Body = body.ToArray();
        return response;
    }

    /// <summary>True when the server closed the connection (FIN or RST) within the timeout, with nothing more sent.</summary>
    public async Task<bool> IsClosedAsync(int timeoutMs = 5000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                if (_eof) return true;
                if (!await ReadMoreAsync(cts.Token)) return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> raw bytes (tunnel data after a 101); null if the connection ended first.</summary>
    public async Task<string?> ReadTextAsync(int count, int timeoutMs = 10000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        if (!await FillAsync(count, cts.Token)) return null;
        var text = Encoding.Latin1.GetString(_buffer, _start, count);
        _start += count;
        return text;
    }

    /// <summary>Bytes received and not yet consumed as a response.</summary>
    public string Pending => Encoding.Latin1.GetString(_buffer, _start, _end - _start);

    protected override async ValueTask<int> ReceiveAsync(Memory<byte> destination, CancellationToken ct)
    {
        try
        {
            return await _socket.ReceiveAsync(destination, SocketFlags.None, ct);
        }
        catch (SocketException)
        {
            return 0; // a reset counts as closed
        }
    }

    public void Dispose() => _socket.Dispose();
}

internal sealed class RawResponse
{
    public required string StatusLine { get; init; }
    public required int Status { get; init; }
    public required List<KeyValuePair<string, string>> Headers { get; init; }
    public byte[] Body { get; set; } = [];
    public bool Truncated { get; set; }
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
