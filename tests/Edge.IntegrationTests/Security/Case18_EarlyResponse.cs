using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 18: a request answered before its body was read (here a direct 401) must not let the
/// body be parsed as the next request: Edge drains exactly Content-Length bytes and keeps the
/// connection, or closes. With <c>Expect: 100-continue</c> no 100 is sent, and the connection closes.
/// </summary>
public sealed class Case18_EarlyResponse
{
    // Exactly 40 bytes: a request that would reach the backend as "/admin" if it were parsed.
    private const string Smuggled = "GET /echo/admin HTTP/1.1\r\nHost: abcd\r\n\r\n";

    [Theory]
    [InlineData(true)]  // body in the same write as the head
    [InlineData(false)] // body sent only after the early response arrived
    public async Task UnreadBody_IsDrainedOrClosed_NeverParsedAsARequest(bool bodyWithHead)
    {
        Assert.Equal(40, Smuggled.Length);
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        var head = "POST /mock/x HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n";
        await client.SendAsync(bodyWithHead ? head + Smuggled : head);
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.Equal(401, response!.Status);
        if (!bodyWithHead) await client.SendAsync(Smuggled);

        var closes = string.Equals(response.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
        if (closes)
        {
            Assert.True(await client.IsClosedAsync());
        }
        else
        {
            // Kept alive: the 40 bytes were drained, so the next request is the real next one.
            await client.SendAsync(SecurityGateway.Get("/echo/next"));
            var next = await client.ReadResponseAsync();
            Assert.NotNull(next);
            Assert.Equal(200, next!.Status);
            Assert.Contains("\"target\":\"/next\"", next.BodyText);
            Assert.Equal(new[] { "/next" }, backend.Requests.Select(r => r.Target));
        }
        Assert.DoesNotContain(backend.Requests, r => r.Target == "/admin");
        Assert.Equal("", client.Pending);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET /echo/admin HTTP/1.1\r\nHost: abcd\r\n\r\n")] // client sends the body anyway, after the 401
    public async Task ExpectContinue_EarlyResponse_No100_ThenClose(string sentAfter)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync("POST /mock/x HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\nExpect: 100-continue\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.Equal(401, response!.Status); // the first response is final: no 100 Continue before it
        if (sentAfter.Length > 0)
        {
            try
            {
                await client.SendAsync(sentAfter);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Already closed: fine.
            }
        }

        Assert.True(await client.IsClosedAsync());
        Assert.DoesNotContain("100 Continue", client.Pending, StringComparison.Ordinal);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task ChunkedUnreadBody_IsDrained_NeverParsedAsARequest()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        var chunk = $"{Smuggled.Length:x}\r\n{Smuggled}\r\n0\r\n\r\n";
        await client.SendAsync("POST /mock/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + SecurityGateway.Get("/echo/next"));

        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.Equal(401, response!.Status);
        var next = await client.ReadResponseAsync();
        if (next is not null)
        {
            Assert.Equal(200, next.Status);
            Assert.Contains("\"target\":\"/next\"", next.BodyText);
        }
        else
        {
            Assert.True(await client.IsClosedAsync());
        }
        Assert.DoesNotContain(backend.Requests, r => r.Target == "/admin");
        Assert.Equal("", client.Pending);
    }
}
