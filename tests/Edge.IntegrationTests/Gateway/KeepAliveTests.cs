using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>Client-side and upstream-side connection reuse, Connection: close, and HTTP/1.0 clients.</summary>
public sealed class KeepAliveTests
{
    private const string Body = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}/api"]

        [[apis]]
        name = "shop"
        base_path = "/shop"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """;

    private static string Get(string path, string extra = "", string version = "HTTP/1.1") =>
        $"GET {path} {version}\r\nHost: shop.test\r\n{extra}\r\n";

    [Fact]
    public async Task RawClient_SequentialRequestsOnOneConnection_ReuseOneUpstreamConnection()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(Get($"/shop/item/{i}"));
            var response = await client.ReadResponseAsync();
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            Assert.Contains($"\"target\":\"/api/item/{i}\"", response.BodyText);
            Assert.NotEqual("close", response.Header("Connection"));
        }

        Assert.Equal(5, backend.Requests.Count);
        Assert.Equal(1, backend.Connections);
        Assert.False(await client.IsClosedAsync(300));
    }

    [Fact]
    public async Task HttpClient_SequentialRequests_OneUpstreamConnection()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync($"/shop/n/{i}");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains($"/api/n/{i}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task Curl_TwoUrlsInOneInvocation_ReuseTheClientConnection()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);

        var result = await Curl.RunAsync("-sS", "-w", "[%{http_code} %{num_connects}]",
            $"{edge.BaseUrl}/shop/a", $"{edge.BaseUrl}/shop/b");

        Assert.Equal(0, result.ExitCode);
        // The second transfer needed no new connection: curl kept the first one alive.
        Assert.Contains("[200 1]", result.Text);
        Assert.Contains("[200 0]", result.Text);
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task ConnectionClose_ResponseSaysCloseAndTheConnectionCloses()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/shop/x", "Connection: close\r\n"));
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("close", response.Header("Connection"), StringComparer.OrdinalIgnoreCase);
        Assert.True(await client.IsClosedAsync());
        // The client's Connection: close is hop-by-hop: the upstream connection stays pooled.
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.DoesNotContain("close", seen!.Header("Connection") ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Http10_WithoutKeepAlive_ChunkedUpstreamResponse_IsSentUnchunkedThenClosed()
    {
        await using var backend = new TestBackend
        {
            Behavior = TestBackend.Raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/shop/old", version: "HTTP/1.0"));
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Equal("hello world", response.BodyText);
        Assert.False(response.Truncated);
        Assert.True(await client.IsClosedAsync());
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal("HTTP/1.1", seen!.Version);
        Assert.Equal("1.0 edge", seen.Header("Via"));
    }

    [Fact]
    public async Task Http10_KeepAliveAsked_ContentLengthResponse_StaysOpen()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        for (var i = 0; i < 2; i++)
        {
            await client.SendAsync(Get($"/shop/ka/{i}", "Connection: keep-alive\r\n", "HTTP/1.0"));
            var response = await client.ReadResponseAsync();
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            Assert.Equal("keep-alive", response.Header("Connection"), StringComparer.OrdinalIgnoreCase);
            Assert.NotNull(response.Header("Content-Length"));
            Assert.Contains($"/api/ka/{i}", response.BodyText);
        }
        Assert.False(await client.IsClosedAsync(300));
    }

    [Fact]
    public async Task Http10_WithoutKeepAlive_ContentLengthResponse_Closes()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(Get("/shop/once", version: "HTTP/1.0"));
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.NotEqual("keep-alive", response.Header("Connection")?.ToLowerInvariant());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Http10_Curl_GetsWholeBodyOfAChunkedUpstreamResponse()
    {
        var payload = string.Concat(Enumerable.Repeat("0123456789", 1000));
        await using var backend = new TestBackend
        {
            Behavior = async (_, s) =>
            {
                var sb = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                for (var i = 0; i < payload.Length; i += 1000) sb.Append("3e8\r\n").Append(payload, i, 1000).Append("\r\n");
                sb.Append("0\r\n\r\n");
                await s.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
                return true;
            },
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);

        var result = await Curl.RunAsync("-sS", "--http1.0", "-D", "-", $"{edge.BaseUrl}/shop/big");

        Assert.Equal(0, result.ExitCode);
        var text = result.Text;
        Assert.DoesNotContain("chunked", text, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith(payload, text);
    }
}
