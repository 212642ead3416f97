using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>
/// WebSocket pass-through on loopback with a real client (<see cref="ClientWebSocket"/>) and a real
/// server-side WebSocket behind Edge: the upgrade is forwarded only where <c>websocket = true</c>, the
/// 101 is passed on, and the tunnel carries every byte both ways until a side closes, a side resets,
/// the idle timeout, or the drain deadline. A declined upgrade leaves the client connection in HTTP.
/// </summary>
public sealed class WebSocketTests
{
    private static string Routes(string upstreamExtra = "") => $$"""
        [[upstreams]]
        name = "ws"
        endpoints = ["{BACKEND}"]
        {{upstreamExtra}}

        [[apis]]
        name = "chat"
        base_path = "/ws"
        upstream = "ws"
        websocket = true
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "plain"
        base_path = "/plain"
        upstream = "ws"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/*"
          respond = { status = 202, body = "mocked" }
        """;

    private static Task<EdgeTestServer> StartAsync(string backendUrl, string upstreamExtra = "") =>
        EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes(upstreamExtra)), backendUrl);

    private static async Task<ClientWebSocket> ConnectAsync(EdgeTestServer edge, string path)
    {
        var client = new ClientWebSocket();
        client.Options.Proxy = null;
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{edge.Port}{path}"), timeout.Token);
        return client;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(WebSocket socket, int timeoutMs = 15000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (result.MessageType, message.ToArray());
    }

    private static async Task SendTextAsync(WebSocket socket, string text) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private const string UpgradeFields = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private static string Get(string path, string fields = "") => $"GET {path} HTTP/1.1\r\nHost: a\r\n{fields}\r\n";

    [Fact]
    public async Task Echo_TextAndBinaryMessages_RoundTripThroughEdge()
    {
        await using var backend = new WebSocketBackend();
        await using var edge = await StartAsync(backend.Url);
        using var client = await ConnectAsync(edge, "/ws/echo?room=1");

        Assert.Equal(WebSocketState.Open, client.State);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("/echo?room=1", seen.Target);
        Assert.True(WebSocketBackend.IsWebSocketUpgrade(seen), seen.RawHead);
        Assert.Equal("13", seen.Header("Sec-WebSocket-Version"));

        var large = new byte[300 * 1024];
        new Random(42).NextBytes(large);
        var messages = new (WebSocketMessageType Type, byte[] Data)[]
        {
            (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("hello")),
            (WebSocketMessageType.Binary, [0, 1, 2, 255]),
            (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("grüße, ☕")),
            (WebSocketMessageType.Binary, large),
            (WebSocketMessageType.Text, Encoding.UTF8.GetBytes(new string('x', 70_000))),
            (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("last")),
        };
        foreach (var (type, data) in messages)
        {
            await client.SendAsync(data, type, endOfMessage: true, CancellationToken.None);
            var echoed = await ReceiveMessageAsync(client);
            Assert.Equal(type, echoed.Type);
            Assert.Equal(data, echoed.Data);
        }

        // The client starts the close handshake; the backend answers it through the tunnel.
        using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "client bye", closeTimeout.Token);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal("client bye", client.CloseStatusDescription);
    }

    [Fact]
    public async Task Echo_BackendStartsTheCloseHandshake_ClientCompletesIt()
    {
        await using var backend = new WebSocketBackend();
        await using var edge = await StartAsync(backend.Url);
        using var client = await ConnectAsync(edge, "/ws/echo");

        await SendTextAsync(client, "ping");
        Assert.Equal("ping", Encoding.UTF8.GetString((await ReceiveMessageAsync(client)).Data));
        await SendTextAsync(client, "close-me");

        var closing = await ReceiveMessageAsync(client);
        Assert.Equal(WebSocketMessageType.Close, closing.Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal("server bye", client.CloseStatusDescription);
        using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ok", closeTimeout.Token);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.True(await WaitUntilAsync(() => backend.ClosedConnections == 1));
    }

    [Fact]
    public async Task Upgrade_RouteWithoutWebSocket_IsNotForwarded()
    {
        await using var backend = new WebSocketBackend();
        await using var edge = await StartAsync(backend.Url);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(edge, "/plain/echo"));

        Assert.Contains("426", refused.Message, StringComparison.Ordinal);
        var seen = Assert.Single(backend.Requests);
        Assert.Null(seen.Header("Upgrade"));
        Assert.Null(seen.Header("Connection"));
        Assert.DoesNotContain("upgrade", seen.RawHead, StringComparison.OrdinalIgnoreCase);
        // The handshake's own fields are end-to-end and pass; they are harmless without Upgrade.
        Assert.NotNull(seen.Header("Sec-WebSocket-Key"));
    }

    [Fact]
    public async Task Upgrade_NonWebSocketToken_IsNotForwardedAndTheConnectionStaysHttp()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/ws/x", "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"));
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.Null(response.Header("Upgrade"));
        var seen = Assert.Single(backend.Requests);
        Assert.Empty(seen.HeaderValues("Upgrade"));
        Assert.Empty(seen.HeaderValues("Connection"));
        Assert.Empty(seen.HeaderValues("HTTP2-Settings"));

        await client.SendAsync(Get("/ws/y"));
        Assert.Equal(200, (await client.ReadResponseAsync())!.Status);
    }

    [Fact]
    public async Task Upgrade_BackendAnswers200_PipelinedBytesAreParsedAndRoutedAsHttp()
    {
        // The upgrade-smuggling hazard: bytes after an upgrade request are tunnel data only after a 101.
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/ws/first", UpgradeFields) + Get("/mock/second") + Get("/ws/third"));

        var first = await client.ReadResponseAsync();
        Assert.Equal(200, first!.Status);
        Assert.Null(first.Header("Upgrade"));
        var second = await client.ReadResponseAsync();
        Assert.Equal(202, second!.Status);
        Assert.Equal("mocked", second.BodyText);
        var third = await client.ReadResponseAsync();
        Assert.Equal(200, third!.Status);

        // The backend saw the upgrade it declined, then only the third request: the second was Edge's own.
        Assert.Equal(2, backend.Requests.Count);
        var requests = backend.Requests.ToArray();
        Assert.Equal("/first", requests[0].Target);
        Assert.Equal("websocket", requests[0].Header("Upgrade"));
        Assert.Equal("/third", requests[1].Target);
        Assert.Null(requests[1].Header("Upgrade"));
        Assert.All(requests, r => Assert.DoesNotContain("/mock", r.RawHead, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upstream101_ToAPlainRequest_Is502AndThatConnectionIsNeverReused()
    {
        await using var backend = new TestBackend();
        var answered = 0;
        backend.Behavior = async (request, stream) =>
        {
            if (Interlocked.Increment(ref answered) > 1) return await TestBackend.EchoAsync(request, stream);
            await stream.WriteAsync("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nsecret"u8.ToArray());
            return true;
        };
        await using var edge = await StartAsync(backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/plain/x"));
        var response = await client.ReadResponseAsync();

        Assert.Equal(502, response!.Status);
        Assert.DoesNotContain("secret", response.BodyText, StringComparison.Ordinal);
        await client.SendAsync(Get("/plain/y"));
        Assert.Equal(200, (await client.ReadResponseAsync())!.Status);
        Assert.Equal(2, backend.Connections);
    }

    [Fact]
    public async Task Upstream101_ToAnotherProtocol_Is502()
    {
        await using var backend = new WebSocketBackend
        {
            Behavior = async (_, stream) =>
            {
                await stream.WriteAsync("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"u8.ToArray());
                // Wait for Edge to drop this connection (end of stream or a reset ends the read).
                await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            },
        };
        await using var edge = await StartAsync(backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/ws/x", UpgradeFields));
        var response = await client.ReadResponseAsync();

        Assert.Equal(502, response!.Status);
        Assert.True(await WaitUntilAsync(() => backend.ClosedConnections == 1), "Edge kept the connection that switched to h2c");
    }

    [Fact]
    public async Task Tunnel_BytesBufferedPastBothHeads_PassFirstAndInOrder()
    {
        await using var backend = new WebSocketBackend
        {
            Behavior = async (request, stream) =>
            {
                // 101 and the upstream's first tunnel bytes in one write; then echo what the client sent.
                await stream.WriteAsync(Encoding.ASCII.GetBytes(WebSocketBackend.SwitchingProtocols(request) + "upstream-early;"));
                var received = new byte["client-early;client-later".Length];
                await stream.ReadExactlyAsync(received);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("echo:" + Encoding.ASCII.GetString(received)));
            },
        };
        await using var edge = await StartAsync(backend.Url);
        using var client = edge.Connect();

        // The client's first tunnel bytes travel in the same segment as its request head.
        await client.SendAsync(Get("/ws/raw", UpgradeFields) + "client-early;");
        var switched = await client.ReadResponseAsync();
        Assert.Equal(101, switched!.Status);
        Assert.Equal("websocket", switched.Header("Upgrade"));
        Assert.Equal("Upgrade", switched.Header("Connection"));
        Assert.Equal(WebSocketBackend.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="), switched.Header("Sec-WebSocket-Accept"));
        Assert.Equal("upstream-early;", await client.ReadTextAsync("upstream-early;".Length));

        await client.SendAsync("client-later");

        Assert.Equal("echo:client-early;client-later", await client.ReadTextAsync("echo:client-early;client-later".Length));
        // The backend closed after its echo: the tunnel passes that on and the client connection ends.
        Assert.True(await client.IsClosedAsync(15000));
    }

    [Fact]
    public async Task Tunnel_BackendDropsTheConnection_ClientConnectionCloses()
    {
        await using var backend = new WebSocketBackend
        {
            Behavior = async (request, stream) =>
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(WebSocketBackend.SwitchingProtocols(request)));
                var first = new byte[1];
                await stream.ReadExactlyAsync(first);
                // No close frame: the backend just goes away mid-conversation.
            },
        };
        await using var edge = await StartAsync(backend.Url);
        using var client = await ConnectAsync(edge, "/ws/drop");

        await SendTextAsync(client, "are you there?");

        await Assert.ThrowsAsync<WebSocketException>(() => ReceiveMessageAsync(client));
        Assert.NotEqual(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Tunnel_NoTrafficForTheIdleTimeout_IsClosed()
    {
        await using var backend = new WebSocketBackend();
        await using var edge = await StartAsync(backend.Url, upstreamExtra: "idle_timeout = \"1s\"");
        using var client = await ConnectAsync(edge, "/ws/idle");
        await SendTextAsync(client, "one");
        Assert.Equal("one", Encoding.UTF8.GetString((await ReceiveMessageAsync(client)).Data));

        // Nothing moves either way: Edge reaps the tunnel (a generous bound, not a timing assertion).
        await Assert.ThrowsAsync<WebSocketException>(() => ReceiveMessageAsync(client, timeoutMs: 30000));
        Assert.True(await WaitUntilAsync(() => backend.ClosedConnections == 1));
    }

    [Fact]
    public async Task Tunnel_AccessLog_OneLineWith101BytesBothWaysAndDuration()
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-ws-access-{Guid.NewGuid():N}.log");
        try
        {
            await using var backend = new WebSocketBackend();
            var config = EdgeTestServer.Config(Routes()).Replace("access_log = \"off\"", $"access_log = \"{log}\"", StringComparison.Ordinal);
            await using (var edge = await EdgeTestServer.StartAsync(config, backend.Url))
            {
                using var client = await ConnectAsync(edge, "/ws/logged");
                var payload = new byte[10_000];
                await client.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                Assert.Equal(payload.Length, (await ReceiveMessageAsync(client)).Data.Length);
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token);
                client.Dispose();
                Assert.True(await WaitUntilAsync(() => File.Exists(log) && ReadLines(log).Count > 0));
            }

            var line = Assert.Single(ReadLines(log));
            Assert.Equal(101, line.GetProperty("status").GetInt32());
            Assert.Equal("chat", line.GetProperty("api").GetString());
            Assert.Equal("/ws/logged", line.GetProperty("path").GetString());
            // Raw tunnel bytes: the 10,000-byte message plus frame headers (and masks from the client) and the close frames.
            Assert.InRange(line.GetProperty("bytes_received").GetInt64(), 10_000, 10_100);
            Assert.InRange(line.GetProperty("bytes_sent").GetInt64(), 10_000, 10_100);
            Assert.True(line.GetProperty("duration_us").GetInt64() > 0);
            Assert.False(line.TryGetProperty("flags", out _), line.ToString());
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task Drain_OpenTunnel_IsCountedAndCutAtTheDeadline()
    {
        await using var backend = new WebSocketBackend();
        await using var edge = await StartAsync(backend.Url);
        using var client = await ConnectAsync(edge, "/ws/drain");
        await SendTextAsync(client, "before");
        Assert.Equal("before", Encoding.UTF8.GetString((await ReceiveMessageAsync(client)).Data));
        Assert.Equal(1, edge.Server.OpenConnections);

        var finished = await edge.Server.DrainAsync(TimeSpan.FromMilliseconds(300));

        Assert.False(finished);
        await Assert.ThrowsAsync<WebSocketException>(() => ReceiveMessageAsync(client));
        Assert.True(await WaitUntilAsync(() => edge.Server.OpenConnections == 0));
        Assert.True(await WaitUntilAsync(() => backend.ClosedConnections == 1));
    }

    private static List<JsonElement> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, int timeoutMs = 15000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
