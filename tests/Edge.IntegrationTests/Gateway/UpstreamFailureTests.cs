using System.Diagnostics;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>Malformed, refused, silent and idle-closed upstreams: the right fault, and no poisoned connection reused.</summary>
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

    public static TheoryData<string, string> Malformed => new()
    {
        { "bad status line", "HTTP/1.1 OK\r\nContent-Length: 2\r\n\r\nok" },
        { "garbage", "SSH-2.0-OpenSSH_9.6\r\n\r\n" },
        { "CL and TE", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        { "two different CLs", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" },
        { "oversized head", "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"X-Filler-{i}: {new string('a', 200)}\r\n")) + "Content-Length: 2\r\n\r\nok" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedResponse_Is502_AndThatConnectionIsNotReused(string what, string raw)
    {
        await using var backend = new TestBackend { Behavior = TestBackend.Raw(raw) };
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}"), backend.Url);
        using var client = edge.CreateClient();

        for (var i = 1; i <= 3; i++)
        {
            using var response = await client.GetAsync("/api/x");
            Assert.True(502 == (int)response.StatusCode, $"{what}: got {(int)response.StatusCode}");
            Assert.DoesNotContain("hello", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(i, backend.Connections);
        }
    }

    [Fact]
    public async Task MalformedThenGood_TheGoodResponseComesOnAFreshConnection()
    {
        var calls = 0;
        await using var backend = new TestBackend();
        backend.Behavior = async (request, s) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"u8.ToArray());
                return true;
            }
            return await TestBackend.EchoAsync(request, s);
        };
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}"), backend.Url);
        using var client = edge.CreateClient();

        Assert.Equal(502, (int)(await client.GetAsync("/api/1")).StatusCode);
        using var good = await client.GetAsync("/api/2");
        Assert.Equal(200, (int)good.StatusCode);
        Assert.Contains("\"target\":\"/2\"", await good.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Connections);
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
    public async Task SilentUpstream_WithResponseTimeout_Is504With101504()
    {
        await using var backend = new TestBackend
        {
            Behavior = async (_, _) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30));
                return false;
            },
        };
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}", "response_timeout = \"1s\""), backend.Url);
        using var client = edge.CreateClient();

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/slow");
        watch.Stop();

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal(101504, FaultCode(await response.Content.ReadAsStringAsync()));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {watch.Elapsed}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
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
    public async Task TimedOutUpstreamConnection_IsNotReused_ItsLateAnswerNeverReachesTheNextRequest()
    {
        var calls = 0;
        await using var backend = new TestBackend();
        backend.Behavior = async (request, s) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate"u8.ToArray());
                return true;
            }
            return await TestBackend.EchoAsync(request, s);
        };
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}", "response_timeout = \"1s\""), backend.Url);
        using var client = edge.CreateClient();

        Assert.Equal(504, (int)(await client.GetAsync("/api/first")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the late answer is on the wire by now
        using var second = await client.GetAsync("/api/second");

        Assert.Equal(200, (int)second.StatusCode);
        Assert.Contains("\"target\":\"/second\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Connections);
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

    [Fact]
    public async Task ClientAbortsMidUpload_UpstreamNeverSeesACompleteRequest()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config("{BACKEND}"), backend.Url);
        using (var client = edge.Connect())
        {
            await client.SendAsync("POST /api/up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + new string('a', 1000));
            await Task.Delay(300);
        }
        await Task.Delay(500);
        Assert.All(backend.Requests, r => Assert.False(r.BodyComplete));
    }
}
