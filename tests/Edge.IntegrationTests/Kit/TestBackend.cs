using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// A scriptable HTTP/1.1 upstream on a loopback port, on plain sockets (independent of Edge's code).
/// Every request it receives is recorded (raw head and body), so tests can assert what reached the
/// upstream — or that nothing did. The default behaviour echoes the request as JSON; tests replace
/// <see cref="Behavior"/> to answer slowly, wrongly, partially, or not at all.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _connections;

    /// <summary>Listens on <paramref name="port"/> (0: any free port; a fixed one lets a test bring a dead endpoint back).</summary>
    public TestBackend(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Requests received, in order.</summary>
    public ConcurrentQueue<BackendRequest> Requests { get; } = new();

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>What to do with each request; return false to close the connection afterwards.</summary>
    public Func<BackendRequest, NetworkStream, Task<bool>> Behavior { get; set; } = EchoAsync;

    /// <summary>Echoes method, target, headers and body length as JSON, keep-alive.</summary>
    public static async Task<bool> EchoAsync(BackendRequest request, NetworkStream stream)
    {
        var json = request.ToJson();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nX-Backend: test\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        return true;
    }

    /// <summary>A behaviour answering with fixed raw bytes.</summary>
    public static Func<BackendRequest, NetworkStream, Task<bool>> Raw(string response, bool keepAlive = true) => async (_, s) =>
    {
        await s.WriteAsync(Encoding.Latin1.GetBytes(response));
        return keepAlive;
    };

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
        using (client)
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var reader = new BackendReader(stream);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await reader.ReadRequestAsync(_stop.Token);
                    if (request is null) return;
                    Requests.Enqueue(request);
                    if (!await Behavior(request, stream)) return;
                }
            }
            catch (Exception)
            {
                // The peer (Edge) closed or reset: recorded by what was (not) enqueued.
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (bounded wait).</summary>
    public async Task WaitForRequestsAsync(int count, int timeoutMs = 5000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (Requests.Count < count && DateTime.UtcNow < until) await Task.Delay(10);
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

/// <summary>A request as the backend received it.</summary>
internal sealed class BackendRequest
{
    public required string Method { get; init; }
    public required string Target { get; init; }
    public required string Version { get; init; }
    public required List<KeyValuePair<string, string>> Headers { get; init; }
    public required byte[] Body { get; init; }
    public required string RawHead { get; init; }
    /// <summary>True when the body arrived complete per its framing.</summary>
    public bool BodyComplete { get; init; } = true;
    /// <summary>Trailer field lines of a chunked body, raw.</summary>
    public List<string> Trailers { get; init; } = [];

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    public IEnumerable<string> HeaderValues(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append("{\"method\":").Append(Q(Method)).Append(",\"target\":").Append(Q(Target)).Append(",\"headers\":{");
        for (var i = 0; i < Headers.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Q(Headers[i].Key.ToLowerInvariant())).Append(':').Append(Q(Headers[i].Value));
        }
        sb.Append("},\"body_length\":").Append(Body.Length).Append('}');
        return sb.ToString();
    }

    private static string Q(string s) => System.Text.Json.JsonSerializer.Serialize(s, Kit.TestJson.Default.String);
}
