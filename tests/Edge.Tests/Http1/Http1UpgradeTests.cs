using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Edge.Http;
using Edge.Http1;
using Edge.Tests.TestKit;
using Edge.Transport;

namespace Edge.Tests.Http1;

/// <summary>
/// The HTTP/1.1 side of a protocol switch, in memory: which requests are offered an upgrade, the 101
/// head the client gets, raw bytes after it (early bytes first), the connection ending with the tunnel,
/// and a declined upgrade leaving the connection in HTTP (no upgrade smuggling).
/// </summary>
public sealed class Http1UpgradeTests
{
    private const string UpgradeHead = "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";

    /// <summary>Switches when offered and <see cref="Accept"/> is set (echoing tunnel bytes until FIN), else answers 200 with the path.</summary>
    private sealed class ScriptedHandler : IExchangeHandler
    {
        public bool Accept { get; init; }
        public List<(string Path, bool Offered)> Seen { get; } = [];

        public async ValueTask HandleAsync(Exchange exchange)
        {
            var path = Encoding.ASCII.GetString(exchange.Request.Path);
            lock (Seen) Seen.Add((path, exchange.Upgrade is not null));
            if (Accept && exchange.Upgrade is { } upgrade)
            {
                var head = new HttpResponseHead { Status = 101 };
                head.AddHeader("Upgrade"u8, "websocket"u8);
                head.AddHeader("Connection"u8, "keep-alive"u8);
                head.AddHeader("Keep-Alive"u8, "timeout=5"u8);
                head.AddHeader("Sec-WebSocket-Accept"u8, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="u8);
                var tunnel = upgrade.SwitchProtocols(head, "websocket"u8);
                await EchoAsync(tunnel);
                return;
            }
            var ok = new HttpResponseHead { Status = 200 };
            var body = Encoding.ASCII.GetBytes(path);
            exchange.Response.WriteHead(ok, body.Length, new ResponseExtras { ContentType = "text/plain"u8 });
            await exchange.Response.WriteBodyAsync(body, CancellationToken.None);
            await exchange.Response.CompleteAsync(CancellationToken.None);
        }

        private static async Task EchoAsync(ITunnelEnd tunnel)
        {
            await tunnel.Output.FlushAsync();
            while (true)
            {
                var result = await tunnel.Input.ReadAsync();
                foreach (var segment in result.Buffer) tunnel.Output.Write(segment.Span);
                tunnel.Input.AdvanceTo(result.Buffer.End);
                await tunnel.Output.FlushAsync();
                if (result.IsCompleted) break;
            }
            await tunnel.Output.CompleteAsync();
        }
    }

    private static (InMemoryTransport Client, Http1ServerConnection Connection, Task Run) Start(IExchangeHandler handler)
    {
        var (client, server) = InMemoryTransport.CreatePair();
        var connection = new Http1ServerConnection(server, handler, new HttpServerOptions());
        return (client, connection, connection.ProcessAsync());
    }

    private static async Task SendAsync(InMemoryTransport client, string text) => await client.Output.WriteAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads until the received text (from the start of this call) contains <paramref name="until"/>.</summary>
    private static async Task<string> ReceiveUntilAsync(InMemoryTransport client, string until)
    {
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.Default);
        while (true)
        {
            var result = await client.Input.ReadAsync(timeout.Token);
            text.Append(Encoding.Latin1.GetString(result.Buffer.ToArray()));
            client.Input.AdvanceTo(result.Buffer.End);
            if (text.ToString().Contains(until, StringComparison.Ordinal) || result.IsCompleted) return text.ToString();
        }
    }

    [Fact]
    public async Task SwitchProtocols_Writes101ThenRawBytes_EarlyBytesFirst()
    {
        var handler = new ScriptedHandler { Accept = true };
        var (client, connection, run) = Start(handler);

        await SendAsync(client, UpgradeHead + "early bytes;");
        var first = await ReceiveUntilAsync(client, "early bytes;");

        var headEnd = first.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = first[..headEnd];
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\nDate: ", head, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head + "\r\n", StringComparison.Ordinal);
        Assert.EndsWith("\r\nConnection: Upgrade\r\nUpgrade: websocket", head, StringComparison.Ordinal);
        // The handler's own Connection/Keep-Alive/Upgrade are hop-by-hop: only the protocol's pair is sent.
        Assert.DoesNotContain("keep-alive", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, head.Split("Upgrade:").Length - 1);
        Assert.DoesNotContain("Content-Length", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("early bytes;", first[(headEnd + 4)..]);

        // What looks like HTTP after the switch is tunnel data: echoed raw, never parsed.
        await SendAsync(client, "GET /not-parsed HTTP/1.1\r\n\r\n");
        Assert.Equal("GET /not-parsed HTTP/1.1\r\n\r\n", await ReceiveUntilAsync(client, "\r\n\r\n"));
        await client.Output.CompleteAsync();
        await run.DefaultTimeout();

        Assert.Equal(ConnectionEndReason.Tunnel, connection.EndReason);
        Assert.Equal([("/chat", true)], handler.Seen);
    }

    [Theory]
    [InlineData("GET /x HTTP/1.0\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 2\r\n\r\nhi")]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\n\r\n")]
    public async Task Request_NotUpgradable_IsNotOfferedASwitch(string request)
    {
        var handler = new ScriptedHandler { Accept = true };
        var (client, _, run) = Start(handler);

        await SendAsync(client, request);
        var response = await ReceiveUntilAsync(client, "/x");

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Equal([("/x", false)], handler.Seen);
        await client.Output.CompleteAsync();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task Request_EmptyContentLength_IsOfferedASwitch()
    {
        var handler = new ScriptedHandler();
        var (client, _, run) = Start(handler);

        await SendAsync(client, "GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 0\r\n\r\n");
        await ReceiveUntilAsync(client, "/x");

        Assert.Equal([("/x", true)], handler.Seen);
        await client.Output.CompleteAsync();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task UpgradeDeclined_PipelinedBytes_AreTheNextHttpRequest()
    {
        var handler = new ScriptedHandler { Accept = false };
        var (client, connection, run) = Start(handler);

        await SendAsync(client, UpgradeHead + "GET /second HTTP/1.1\r\nHost: a\r\n\r\n");
        var text = await ReceiveUntilAsync(client, "/second");

        Assert.Equal(2, text.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.Equal([("/chat", true), ("/second", false)], handler.Seen);
        await client.Output.CompleteAsync();
        await run.DefaultTimeout();
        Assert.NotEqual(ConnectionEndReason.Tunnel, connection.EndReason);
    }

    [Fact]
    public async Task AbortTransport_DuringTunnel_CancelsTheTunnelToken()
    {
        var switched = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TokenHandler(switched);
        var (client, connection, run) = Start(handler);

        await SendAsync(client, UpgradeHead);
        var token = await switched.Task.DefaultTimeout();
        Assert.False(token.IsCancellationRequested);

        connection.AbortTransport();

        Assert.True(token.IsCancellationRequested);
        await run.DefaultTimeout();
    }

    /// <summary>Switches, hands the tunnel's abort token to the test, and waits for it.</summary>
    private sealed class TokenHandler(TaskCompletionSource<CancellationToken> switched) : IExchangeHandler
    {
        public async ValueTask HandleAsync(Exchange exchange)
        {
            var upgrade = exchange.Upgrade!;
            upgrade.SwitchProtocols(new HttpResponseHead { Status = 101 }, "websocket"u8);
            var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (upgrade.Aborted.Register(() => aborted.SetResult()))
            {
                switched.SetResult(upgrade.Aborted);
                await aborted.Task;
            }
        }
    }
}
