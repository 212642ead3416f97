using System.Net.Sockets;
using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>The gateway the SECURITY.md cases run against, and small helpers they share.</summary>
internal static class SecurityGateway
{
    /// <summary>
    /// <c>/echo/*</c> forwards to the backend (base path stripped, so <c>/echo/x</c> arrives as <c>/x</c>);
    /// <c>/mock/*</c> is answered by Edge itself with a 401 and never reaches the backend.
    /// </summary>
    public const string Routes = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "echo"
        base_path = "/echo"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/*"
          respond = { status = 401, json = '{"fault":{"code":900901,"message":"Invalid Credentials"}}' }
        """;

    public static Task<EdgeTestServer> StartAsync(TestBackend backend, string limits = "") =>
        EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes, limits), backend.Url);

    /// <summary>
    /// <see cref="Routes"/> with more keys in the <c>[[upstreams]]</c> entry (timeouts, passive, health),
    /// e.g. <c>response_timeout = "1s"</c>, one per line.
    /// </summary>
    public static string RoutesWith(string upstreamKeys)
    {
        const string Endpoints = "endpoints = [\"{BACKEND}\"]";
        var at = Routes.IndexOf(Endpoints, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("Routes has no endpoints line");
        var end = at + Endpoints.Length;
        return string.Concat(Routes.AsSpan(0, end), "\n", upstreamKeys.Trim(), Routes.AsSpan(end));
    }

    /// <summary>Starts the case gateway in front of <paramref name="backendUrl"/> with extra upstream keys and server limits.</summary>
    public static Task<EdgeTestServer> StartAsync(string backendUrl, string upstreamKeys, string limits = "") =>
        EdgeTestServer.StartAsync(EdgeTestServer.Config(RoutesWith(upstreamKeys), limits), backendUrl);

    /// <summary>The <c>fault.code</c> of a JSON fault body (101503, 101504, ...).</summary>
    public static int FaultCode(string body)
    {
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("fault").GetProperty("code").GetInt32();
    }

    /// <summary>A complete GET head for <paramref name="path"/> with Host: a and optional extra field lines (each ending in CRLF).</summary>
    public static string Get(string path, string fields = "") => $"GET {path} HTTP/1.1\r\nHost: a\r\n{fields}\r\n";

    /// <summary>Polls until <paramref name="condition"/> holds or the (generous) timeout passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, int timeoutMs = 8000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(20);
        }
        return true;
    }

    /// <summary>Waits until <paramref name="read"/> has not changed for <paramref name="quietMs"/> (bounded), then returns it.</summary>
    public static async Task<int> WaitForStableAsync(Func<int> read, int quietMs = 1000, int timeoutMs = 10000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var last = read();
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            var now = read();
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
            else if ((DateTime.UtcNow - since).TotalMilliseconds >= quietMs)
            {
                break;
            }
        }
        return last;
    }

    /// <summary>A backend behaviour answering 200 with a body of <paramref name="size"/> bytes that starts with the request target.</summary>
    public static Func<BackendRequest, NetworkStream, Task<bool>> Sized(int size) => async (request, stream) =>
    {
        var body = new byte[size];
        body.AsSpan().Fill((byte)'x');
        var target = Encoding.ASCII.GetBytes(request.Target + "\n");
        target.AsSpan(0, Math.Min(target.Length, size)).CopyTo(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n"));
        await stream.WriteAsync(body);
        return true;
    };

    /// <summary>Sends bytes one at a time every <paramref name="intervalMs"/> until cancelled or the connection breaks.</summary>
    public static async Task TrickleAsync(RawClient client, string text, int intervalMs, CancellationToken ct)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        try
        {
            for (var i = 0; !ct.IsCancellationRequested; i = (i + 1) % bytes.Length)
            {
                await client.Socket.SendAsync(bytes.AsMemory(i, 1), SocketFlags.None, ct);
                await Task.Delay(intervalMs, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cancelled, or the server closed the connection: both end the trickle.
        }
    }
}
