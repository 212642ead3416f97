using System.Diagnostics;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>
/// Refused and idle-closed upstreams: the right fault, and no dead connection reused. The SECURITY.md cases
/// have their own files: black hole (58), dying mid-response (60), bad responses (61), aborted uploads (63)
/// in Security/Case58…63.
/// </summary>
public sealed class UpstreamFailureTests
{
    private static string Config(string endpoint, string extra = "") => EdgeTestServer.Config($$"""
        [[upstreams]]
        name = "backend"
        endpoints = ["{{endpoint}}"]
        {{extra}}

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """);

    private static int FaultCode(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("fault").GetProperty("code").GetInt32();
    }

    [Fact]
    public async Task ConnectRefused_Is503With101503_Quickly()
    {
        var closedPort = FreePort.Get();
        await using var edge = await EdgeTestServer.StartAsync(Config($"http://127.0.0.1:{closedPort}"));
        using var client = edge.CreateClient();

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/x");
        watch.Stop();

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(101503, FaultCode(await response.Content.ReadAsStringAsync()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        // The client connection survives an upstream fault.
        using var again = await client.GetAsync("/api/y");
        Assert.Equal(503, (int)again.StatusCode);
    }

    [Fact]
    public async Task PooledConnectionClosedByUpstreamWhileIdle_NextRequestSucceeds()
    {
        await using var backend = new TestBackend();
        // Answers keep-alive style (no Connection: close), then closes right after: the pooled connection dies idle.
        backend.Behavior = async (request, s) =>
        {
            await TestBackend.EchoAsync(request, s);
            await s.FlushAsync();
            await Task.Delay(50);
            return false;
        };
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}"), backend.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync($"/api/{i}");
            Assert.Equal(200, (int)response.StatusCode);
            await Task.Delay(300);
        }
        Assert.Equal(3, backend.Requests.Count);
        Assert.Equal(3, backend.Connections);
    }

    [Fact]
    public async Task PooledConnectionDiesJustBeforeReuse_OneRetryOnAFreshConnection()
    {
        // The upstream closes the connection when the *next* request arrives, without answering:
        // Edge sees a reset on a reused connection before any response byte and retries once.
        var served = 0;
        await using var backend = new TestBackend();
        backend.Behavior = async (request, s) =>
        {
            if (request.Header("X-N") == "2" && Interlocked.Increment(ref served) == 1) return false; // close, no answer
            return await TestBackend.EchoAsync(request, s);
        };
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}"), backend.Url);
        using var client = edge.CreateClient();

        using var first = new HttpRequestMessage(HttpMethod.Get, "/api/a");
        first.Headers.Add("X-N", "1");
        Assert.Equal(200, (int)(await client.SendAsync(first)).StatusCode);
        using var second = new HttpRequestMessage(HttpMethod.Get, "/api/b");
        second.Headers.Add("X-N", "2");
        using var response = await client.SendAsync(second);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"target\":\"/b\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Connections);
        Assert.Equal(3, backend.Requests.Count);
    }

    [Fact]
    public async Task ConnectRefused_WithARequestBody_TheClientConnectionStaysInSync()
    {
        await using var edge = await EdgeTestServer.StartAsync(Config($"http://127.0.0.1:{FreePort.Get()}"));
        using var client = edge.Connect();

        await client.SendAsync("POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n");
        var first = await client.ReadResponseAsync();
        Assert.Equal(503, first!.Status);
        if (first.Header("Connection") == "close")
        {
            Assert.True(await client.IsClosedAsync());
            return;
        }
        // Kept alive: the unread body must have been skipped, not parsed as a request.
        await client.SendAsync("GET /api/y HTTP/1.1\r\nHost: x\r\n\r\n");
        var second = await client.ReadResponseAsync();
        Assert.Equal(503, second!.Status);
        Assert.Contains("101503", second.BodyText);
        // Nothing more arrives: no answer to the "smuggled" request inside the body.
        await client.IsClosedAsync(300);
        Assert.Equal("", client.Pending);
    }
}
