using System.Diagnostics;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Upstream;

/// <summary>Passive ejection and its expiry, active checks taking endpoints out and back, failover (all down → 503 is SECURITY.md case 68: Security/Case68_AllEndpointsDown.cs).</summary>
public sealed class HealthAndFailoverTests
{
    /// <summary>Waits (bounded) until the active checker has reached a verdict on endpoint <paramref name="index"/> (primaries, then failovers).</summary>
    private static async Task WaitForActiveAsync(EdgeTestServer edge, int index, bool down)
    {
        var cluster = edge.Server.Snapshots.Current.Clusters["backend"];
        var endpoint = index < cluster.Endpoints.Count ? cluster.Endpoints[index] : cluster.Failover[index - cluster.Endpoints.Count];
        var until = Stopwatch.StartNew();
        while (endpoint.Health.ActiveDown != down)
        {
            Assert.True(until.ElapsedMilliseconds < 10_000, $"endpoint {index} never became {(down ? "unhealthy" : "healthy")}");
            await Task.Delay(20);
        }
    }

    // unhealthy = 2: one probe slowed by a loaded test machine must not flip an endpoint mid-test.
    private const string Health = """health = { path = "/healthz", interval = "200ms", timeout = "180ms", healthy = 1, unhealthy = 2 }""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PassiveEjection_TakesAFailingEndpointOut_AndTriesItAgainAfterEject(bool closeConnections)
    {
        await using NamedBackend a = new("a") { CloseWhenFailing = closeConnections, Failing = true }, b = new("b");
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config("""
            endpoints = ["{BACKEND}", "{BACKEND2}"]
            passive = { consecutive_failures = 2, eject = "2s" }
            """), a.Url, b.Url);
        using var client = edge.CreateClient();

        var counts = await BalancingTests.SendAsync(client, 20);
        // Round robin sends a its share until 2 failures in a row eject it; then only b answers.
        Assert.Equal(18, counts["b"]);
        Assert.Equal(2, counts.Where(kv => kv.Key != "b").Sum(kv => kv.Value));

        a.Failing = false;
        await Task.Delay(2200);
        counts = await BalancingTests.SendAsync(client, 20);
        Assert.Equal(10, counts["a"]);
        Assert.Equal(10, counts["b"]);
    }

    [Fact]
    public async Task ActiveChecks_TakeAnEndpointOut_AndBringItBack()
    {
        await using NamedBackend a = new("a"), b = new("b");
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config($$"""
            endpoints = ["{BACKEND}", "{BACKEND2}"]
            {{Health}}
            """), a.Url, b.Url);
        using var client = edge.CreateClient();

        a.Failing = true;
        await WaitForActiveAsync(edge, 0, down: true);
        var before = a.Served;
        var counts = await BalancingTests.SendAsync(client, 10);
        Assert.Equal(10, counts["b"]);

        a.Failing = false;
        await WaitForActiveAsync(edge, 0, down: false);
        counts = await BalancingTests.SendAsync(client, 10);
        Assert.Equal(5, counts["a"]);
        Assert.Equal(before + 5, a.Served);
    }

    [Fact]
    public async Task Failover_TakesOverWhenPrimariesAreDown_AndHandsBack()
    {
        await using NamedBackend p = new("p"), f = new("f");
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config($$"""
            endpoints = ["{BACKEND}"]
            failover = ["{BACKEND2}"]
            {{Health}}
            """), p.Url, f.Url);
        using var client = edge.CreateClient();

        Assert.Equal(5, (await BalancingTests.SendAsync(client, 5))["p"]);
        p.Failing = true;
        await WaitForActiveAsync(edge, 0, down: true);
        Assert.Equal(5, (await BalancingTests.SendAsync(client, 5))["f"]);
        p.Failing = false;
        await WaitForActiveAsync(edge, 0, down: false);
        Assert.Equal(5, (await BalancingTests.SendAsync(client, 5))["p"]);
    }

    [Fact]
    public async Task Reload_KeepsHealthState_OfAnUnchangedUpstream()
    {
        await using NamedBackend a = new("a") { Failing = true }, b = new("b");
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config("""
            endpoints = ["{BACKEND}", "{BACKEND2}"]
            passive = { consecutive_failures = 2, eject = "1m" }
            """), a.Url, b.Url);
        using var client = edge.CreateClient();
        await BalancingTests.SendAsync(client, 6);
        a.Failing = false;
        var cluster = edge.Server.Snapshots.Current.Clusters["backend"];

        // Another API is added; the upstream's entry is unchanged, so its cluster (and a's ejection) carries over.
        await File.AppendAllTextAsync(edge.ConfigPath, """

            [[apis]]
            name = "other"
            base_path = "/other"
              [[apis.resources]]
              path = "/"
              respond = { status = 204 }
            """);
        var outcome = await edge.Server.ReloadAsync();
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        Assert.Same(cluster, edge.Server.Snapshots.Current.Clusters["backend"]);
        Assert.Equal(10, (await BalancingTests.SendAsync(client, 10))["b"]);
    }
}
