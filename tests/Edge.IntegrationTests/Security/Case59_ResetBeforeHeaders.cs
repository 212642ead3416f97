using System.Text;
using Edge.IntegrationTests.Kit;
using Edge.IntegrationTests.Upstream;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 59: the upstream reads the request, then resets (SO_LINGER 0) → 502. Only idempotent
/// requests with a replayable (empty) body are retried, on another endpoint; POST only where the route
/// allows it and never with a body that was already streamed. The single retry on a fresh connection
/// when a pooled connection died just before reuse is
/// <see cref="Gateway.UpstreamFailureTests.PooledConnectionDiesJustBeforeReuse_OneRetryOnAFreshConnection"/>.
/// </summary>
public sealed class Case59_ResetBeforeHeaders
{
    private static string Config(string endpoints, string resourceKeys = "", string upstreamKeys = "") => EdgeTestServer.Config($$"""
        [[upstreams]]
        name = "backend"
        endpoints = [{{endpoints}}]
        passive = { consecutive_failures = 1000 }
        {{upstreamKeys}}

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
          {{resourceKeys}}
        """);

    [Fact]
    public async Task OnlyEndpointResets_502()
    {
        using var resetting = new ResettingListener(readFirst: true);
        await using var edge = await EdgeTestServer.StartAsync(Config($"\"http://127.0.0.1:{resetting.Port}\""));
        using var client = edge.CreateClient();

        using var response = await client.GetAsync("/api/x");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(101500, Case57_ConnectionRefused.FaultCode(await response.Content.ReadAsStringAsync()));
        // No other endpoint: the retry is not made on the same one.
        Assert.Equal(1, resetting.Accepted);
    }

    [Fact]
    public async Task Get_IsRetriedOnAnotherEndpoint_PostIsNot()
    {
        using var resetting = new ResettingListener(readFirst: true);
        await using var healthy = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(Config($"\"http://127.0.0.1:{resetting.Port}\", \"{{BACKEND}}\""), healthy.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 6; i++)
        {
            using var get = await client.GetAsync("/api/x");
            Assert.Equal(200, (int)get.StatusCode);
            Assert.Equal("b", await get.Content.ReadAsStringAsync());
        }
        Assert.Equal(6, healthy.Served);

        var resetsBefore = resetting.Accepted;
        var bad = 0;
        for (var i = 0; i < 6; i++)
        {
            using var post = await client.PostAsync("/api/x", new ByteArrayContent([]));
            if ((int)post.StatusCode == 502) bad++;
            else Assert.Equal(200, (int)post.StatusCode);
        }
        // Each POST that landed on the resetting endpoint is a 502 and was never replayed elsewhere.
        Assert.Equal(resetting.Accepted - resetsBefore, bad);
        Assert.True(bad > 0);
        Assert.Equal(6 + (6 - bad), healthy.Served);
    }

    [Fact]
    public async Task RouteAllowsNonIdempotent_EmptyPostIsRetried_PostWithBodyIsNot()
    {
        using var resetting = new ResettingListener(readFirst: true);
        await using var healthy = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(
            Config($"\"http://127.0.0.1:{resetting.Port}\", \"{{BACKEND}}\"", "retry_non_idempotent = true"), healthy.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 6; i++)
        {
            using var post = await client.PostAsync("/api/x", new ByteArrayContent([]));
            Assert.Equal(200, (int)post.StatusCode);
        }
        Assert.Equal(6, healthy.Served);

        var resetsBefore = resetting.Accepted;
        var bad = 0;
        for (var i = 0; i < 6; i++)
        {
            // The body streamed to the endpoint that reset is gone: it cannot be replayed.
            using var post = await client.PostAsync("/api/x", new ByteArrayContent(Encoding.ASCII.GetBytes("payload")));
            if ((int)post.StatusCode == 502) bad++;
        }
        Assert.Equal(resetting.Accepted - resetsBefore, bad);
        Assert.True(bad > 0);
    }

    [Fact]
    public async Task UpstreamRetriesNonIdempotent_AppliesToItsRoutes()
    {
        using var resetting = new ResettingListener(readFirst: true);
        await using var healthy = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(
            Config($"\"http://127.0.0.1:{resetting.Port}\", \"{{BACKEND}}\"", upstreamKeys: "retries = { count = 1, non_idempotent = true }"), healthy.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 4; i++)
        {
            using var patch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/x"));
            Assert.Equal(200, (int)patch.StatusCode);
        }
    }
}
