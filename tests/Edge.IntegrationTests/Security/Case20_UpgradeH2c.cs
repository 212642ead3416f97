using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 20: an h2c upgrade request is answered over HTTP/1.1 and never forwarded as an
/// upgrade (a forwarded h2c upgrade would tunnel past the proxy); a WebSocket upgrade on a route that
/// does not allow it is not tunnelled either.
/// </summary>
public sealed class Case20_UpgradeH2c
{
    private const string H2cFields = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n";
    private const string WebSocketFields = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    [Theory]
    [InlineData(H2cFields)]
    [InlineData("Connection: HTTP2-Settings, Upgrade\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n")]
    [InlineData("Connection: Upgrade\r\nUpgrade: h2c\r\n")]
    [InlineData(WebSocketFields)]
    public async Task UpgradeRequest_AnsweredInHttp11_NeverForwardedAsUpgrade(string fields)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync(SecurityGateway.Get("/echo/x", fields));
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.StartsWith("HTTP/1.1 ", response!.StatusLine, StringComparison.Ordinal);
        Assert.NotEqual(101, response.Status);
        Assert.Null(response.Header("Upgrade"));
        if (backend.Requests.TryPeek(out var seen))
        {
            Assert.Empty(seen.HeaderValues("Upgrade"));
            Assert.Empty(seen.HeaderValues("HTTP2-Settings"));
            Assert.Empty(seen.HeaderValues("Connection"));
            Assert.DoesNotContain("upgrade", seen.RawHead, StringComparison.OrdinalIgnoreCase);
        }

        // Whatever follows is parsed as HTTP/1.1, never as HTTP/2 frames: the connection still speaks 1.1 or closed.
        if (!string.Equals(response.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase))
        {
            await client.SendAsync(SecurityGateway.Get("/echo/y"));
            var next = await client.ReadResponseAsync();
            Assert.NotNull(next);
            Assert.StartsWith("HTTP/1.1 200", next!.StatusLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task H2cUpgrade_FollowedByH2Preface_IsNotTunnelled()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        // A client that assumes the upgrade worked and sends the HTTP/2 preface right away.
        await client.SendAsync(SecurityGateway.Get("/echo/x", H2cFields) + "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.StartsWith("HTTP/1.1 ", response!.StatusLine, StringComparison.Ordinal);
        Assert.NotEqual(101, response.Status);

        // The preface is read as a (bad) HTTP/1.1 request, never passed to the upstream.
        var after = await client.ReadResponseAsync();
        if (after is not null) Assert.True(after.Status is >= 400 and < 600, after.StatusLine);
        Assert.True(await client.IsClosedAsync());
        Assert.All(backend.Requests, r => Assert.DoesNotContain("PRI", r.RawHead + System.Text.Encoding.Latin1.GetString(r.Body), StringComparison.Ordinal));
        Assert.True(backend.Requests.Count <= 1);
    }
}
