using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>
/// How upstream response framing and hop-by-hop fields are handled on the way back, and when an upstream
/// connection may be reused. Bad and truncated upstream responses are SECURITY.md cases 60 and 61
/// (Security/Case60_UpstreamDiesMidResponse.cs, Case61_BadUpstreamResponse.cs).
/// </summary>
public sealed class UpstreamResponseTests
{
    private const string Body = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """;

    private static async Task<RawResponse> GetAsync(RawClient client, string path)
    {
        await client.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        return response;
    }

    [Fact]
    public async Task UpstreamConnectionClose_IsNotForwarded_AndTheUpstreamConnectionIsNotReused()
    {
        await using var backend = new TestBackend
        {
            // Says close but keeps the socket open: Edge must still not reuse it.
            Behavior = TestBackend.Raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", keepAlive: true),
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        for (var i = 1; i <= 2; i++)
        {
            var response = await GetAsync(client, "/api/x");
            Assert.Equal(200, response.Status);
            Assert.Equal("ok", response.BodyText);
            Assert.Null(response.Header("Connection"));
            Assert.Equal(i, backend.Connections);
        }
    }

    [Fact]
    public async Task UpstreamHopByHopAndConnectionNominatedFields_AreRemoved()
    {
        await using var backend = new TestBackend
        {
            Behavior = TestBackend.Raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: X-Internal\r\nX-Internal: secret\r\n"
                + "Keep-Alive: timeout=5\r\nUpgrade: h2c\r\nProxy-Authenticate: Basic\r\nX-Public: yes\r\n\r\nok"),
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        var response = await GetAsync(client, "/api/x");

        Assert.Equal("yes", response.Header("X-Public"));
        foreach (var name in new[] { "X-Internal", "Keep-Alive", "Upgrade", "Proxy-Authenticate", "Connection" })
            Assert.True(response.Header(name) is null, $"{name} reached the client: {response.StatusLine}");
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task Http10UpstreamWithoutLength_IsChunkedToTheClient_AndNotReused()
    {
        await using var backend = new TestBackend
        {
            Behavior = TestBackend.Raw("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until close", keepAlive: false),
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        for (var i = 1; i <= 2; i++)
        {
            var response = await GetAsync(client, "/api/old");
            Assert.Equal(200, response.Status);
            Assert.Equal("chunked", response.Header("Transfer-Encoding"));
            Assert.Equal("read until close", response.BodyText);
            Assert.Equal(i, backend.Connections);
        }
    }

    [Fact]
    public async Task InterimResponses_AreSkipped_TheFinalOneIsForwarded()
    {
        await using var backend = new TestBackend
        {
            Behavior = TestBackend.Raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone"),
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();

        using var response = await client.PostAsync("/api/x", new StringContent("payload"));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("done", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PipelinedRequests_AreAnsweredInOrder()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        var sb = new StringBuilder();
        for (var i = 0; i < 4; i++) sb.Append($"GET /api/p{i} HTTP/1.1\r\nHost: x\r\n\r\n");
        sb.Append("POST /api/p4 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        await client.SendAsync(sb.ToString());

        for (var i = 0; i < 5; i++)
        {
            var response = await client.ReadResponseAsync();
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            Assert.Contains($"\"target\":\"/p{i}\"", response.BodyText);
        }
        Assert.Equal(1, backend.Connections);
    }
}
