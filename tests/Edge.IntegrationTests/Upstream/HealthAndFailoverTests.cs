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
        // Round robin sends a its share until 2 failures in a row eject it; then only b answers. A 500
        // is a response and goes back to the client; a connection closed unanswered is retried on b.
        Assert.Equal(closeConnections ? 20 : 18, counts["b"]);
        Assert.Equal(closeConnections ? 0 : 2, counts.Where(kv => kv.Key != "b").Sum(kv => kv.Value));
        Assert.True(edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].Health.Ejected);

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

    /// <summary>
    /// Issue 4's "bad day": a backend dies under load. Requests in flight on it may fail (none do here in
    /// practice: a GET reset before its response is retried elsewhere), later ones go to the survivors,
    /// and the active checker takes it out within its interval × unhealthy threshold.
    /// </summary>
    [Fact]
    public async Task KilledBackend_UnderLoad_TakenOut_NoErrorsBeyondThoseInFlight()
    {
        await using NamedBackend a = new("a"), c = new("c");
        var b = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config($$"""
            endpoints = ["{BACKEND}", "{BACKEND2}", "{BACKEND3}"]
            {{Health}}
            """), a.Url, b.Url, c.Url);
        const int Loops = 4;
        var errors = 0;
        var served = 0;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, Loops).Select(_ => Task.Run(async () =>
        {
            using var client = edge.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/api/x");
                    await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode == 200) Interlocked.Increment(ref served);
                    else Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();

        await SpinUntilAsync(() => b.Served > 20);
        await b.DisposeAsync();
        var killedAt = Stopwatch.StartNew();
        await WaitForActiveAsync(edge, 1, down: true);
        var takenOutAfter = killedAt.Elapsed;
        var servedAtTakeOut = Volatile.Read(ref served);
        await SpinUntilAsync(() => Volatile.Read(ref served) > servedAtTakeOut + 200);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.True(errors <= Loops, $"{errors} failed requests; only the {Loops} in flight at the kill may fail");
        // interval 200 ms × unhealthy 2, plus a loaded machine's slack.
        Assert.True(takenOutAfter < TimeSpan.FromSeconds(5), $"taken out after {takenOutAfter}");
        Assert.True(a.Served > 0 && c.Served > 0);
    }

    private static async Task SpinUntilAsync(Func<bool> condition)
    {
        var until = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(until.ElapsedMilliseconds < 15_000, "condition not reached");
            await Task.Delay(10);
        }
    }
}
