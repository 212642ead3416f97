using System.Diagnostics;
using Edge.IntegrationTests.Kit;
using Edge.IntegrationTests.Upstream;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 68: all endpoints down or flapping → 503 (101503) at once — well under the 5 s
/// connect timeout, and with no connect attempt while every endpoint is known to be down; passive
/// ejection after N connect errors (<c>passive = { consecutive_failures = N }</c>); a flapping endpoint
/// costs one probe request per <c>eject</c> period, not a storm; and an active health check brings an
/// endpoint back (lifting a passive ejection too).
/// </summary>
public sealed class Case68_AllEndpointsDown
{
    private const string ConnectTimeout = "connect_timeout = \"5s\"";

    // unhealthy = 2: one probe slowed by a loaded test machine must not flip an endpoint mid-test.
    private const string Health = """health = { path = "/healthz", interval = "200ms", timeout = "180ms", healthy = 1, unhealthy = 2 }""";

    [Fact]
    public async Task PassiveEjection_AfterThreeConnectErrors_Then503AtOnce_WithoutConnecting()
    {
        var port = FreePort.Get(); // nothing listens: every connect is refused
        await using var edge = await SecurityGateway.StartAsync($"http://127.0.0.1:{port}", $$"""
            {{ConnectTimeout}}
            passive = { consecutive_failures = 3, eject = "1m" }
            """);
        var endpoint = edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0];
        using var client = edge.CreateClient();

        for (var i = 1; i <= 3; i++)
        {
            Assert.False(endpoint.Health.Ejected, $"ejected after {i - 1} connect errors");
            using var refused = await client.GetAsync("/echo/x");
            Assert.Equal(503, (int)refused.StatusCode);
            Assert.Equal(101503, SecurityGateway.FaultCode(await refused.Content.ReadAsStringAsync()));
        }
        Assert.True(endpoint.Health.Ejected, "not ejected after 3 connect errors in a row");

        // The endpoint comes up, but it is ejected for a minute: Edge does not even try it.
        await using var backend = new TestBackend(port);
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync("/echo/y");
            watch.Stop();
            Assert.Equal(503, (int)response.StatusCode);
            Assert.Equal(101503, SecurityGateway.FaultCode(await response.Content.ReadAsStringAsync()));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"503 took {watch.Elapsed} (connect timeout 5 s)");
        }
        Assert.Equal(0, backend.Connections);
    }

    [Fact]
    public async Task AllDown_Is503_101503_AtOnce_WithoutTryingAnEndpoint()
    {
        await using NamedBackend p = new("p") { Failing = true }, f = new("f") { Failing = true };
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config($$"""
            endpoints = ["{BACKEND}"]
            failover = ["{BACKEND2}"]
            {{ConnectTimeout}}
            {{Health}}
            """), p.Url, f.Url);
        using var client = edge.CreateClient();
        await WaitForActiveAsync(edge, 0, down: true);
        await WaitForActiveAsync(edge, 1, down: true);
        var proxiedBefore = Proxied(p) + Proxied(f);

        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/x");
            watch.Stop();
            Assert.Equal(503, (int)response.StatusCode);
            Assert.Equal(101503, SecurityGateway.FaultCode(await response.Content.ReadAsStringAsync()));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"503 took {watch.Elapsed} (connect timeout 5 s)");
        }
        Assert.Equal(proxiedBefore, Proxied(p) + Proxied(f));
    }

    [Fact]
    public async Task Flapping_BothEndpointsFailing_OneRequestPerEjectPeriod_RestIs503AtOnce_RecoveryServes()
    {
        await using NamedBackend a = new("a") { Failing = true }, b = new("b") { Failing = true };
        await using var edge = await EdgeTestServer.StartAsync(BalancingTests.Config($$"""
            endpoints = ["{BACKEND}", "{BACKEND2}"]
            {{ConnectTimeout}}
            passive = { consecutive_failures = 2, eject = "1s" }
            """), a.Url, b.Url);
        using var client = edge.CreateClient();

        // 3 s of steady traffic against two failing endpoints.
        var clock = Stopwatch.StartNew();
        var statuses = new Dictionary<int, int>();
        var slowest503 = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/x");
            watch.Stop();
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status == 503)
            {
                Assert.Equal(101503, SecurityGateway.FaultCode(await response.Content.ReadAsStringAsync()));
                if (watch.Elapsed > slowest503) slowest503 = watch.Elapsed;
            }
            await Task.Delay(10);
        }
        var seconds = clock.Elapsed.TotalSeconds;

        // Only the upstream's own 500s and Edge's 503s; each endpoint saw its 2 failures, then at most one
        // probation request per 1 s ejection (plus one for timing slack), however many requests came.
        Assert.Equal([500, 503], statuses.Keys.Order());
        var perEndpointBound = 2 + (int)Math.Ceiling(seconds) + 1;
        Assert.InRange(Attempts(a), 2, perEndpointBound);
        Assert.InRange(Attempts(b), 2, perEndpointBound);
        Assert.True(statuses[503] > statuses[500], $"statuses: {string.Join(", ", statuses)}");
        Assert.True(slowest503 < TimeSpan.FromSeconds(1), $"a 503 took {slowest503}");

        // a recovers: its next probation request succeeds and clears it; traffic flows again.
        a.Failing = false;
        var until = Stopwatch.StartNew();
        string? body = null;
        while (until.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var response = await client.GetAsync("/api/x");
            if ((int)response.StatusCode == 200)
            {
                body = await response.Content.ReadAsStringAsync();
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal("a", body);
    }

    [Fact]
    public async Task ActiveHealthCheck_BringsADeadEndpointBack_EvenWhilePassivelyEjected()
    {
        var port = FreePort.Get();
        await using var edge = await SecurityGateway.StartAsync($"http://127.0.0.1:{port}", $$"""
            {{ConnectTimeout}}
            passive = { consecutive_failures = 1, eject = "10m" }
            health = { path = "/healthz", interval = "500ms", timeout = "400ms", healthy = 1, unhealthy = 2 }
            """);
        var endpoint = edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0];
        using var client = edge.CreateClient();

        // The first request finds the port closed: one connect error ejects it for 10 minutes.
        using (var refused = await client.GetAsync("/echo/x"))
            Assert.Equal(503, (int)refused.StatusCode);
        Assert.True(endpoint.Health.Ejected || endpoint.Health.ActiveDown);
        // The checker finds it dead too.
        await WaitUntilAsync(() => endpoint.Health.ActiveDown, "never marked down by the checker");

        // The endpoint comes up; one passing probe brings it back and lifts the 10-minute ejection.
        await using var backend = new TestBackend(port);
        await WaitUntilAsync(() => !endpoint.Health.ActiveDown, "never brought back by the checker");
        Assert.False(endpoint.Health.Ejected);
        using var response = await client.GetAsync("/echo/back");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"target\":\"/back\"", await response.Content.ReadAsStringAsync());
    }

    private static int Proxied(NamedBackend b) => b.Backend.Requests.Count(r => !r.Target.StartsWith("/healthz", StringComparison.Ordinal));

    private static int Attempts(NamedBackend b) => b.Backend.Requests.Count;

    private static async Task WaitForActiveAsync(EdgeTestServer edge, int index, bool down)
    {
        var cluster = edge.Server.Snapshots.Current.Clusters["backend"];
        var endpoint = index < cluster.Endpoints.Count ? cluster.Endpoints[index] : cluster.Failover[index - cluster.Endpoints.Count];
        await WaitUntilAsync(() => endpoint.Health.ActiveDown == down, $"endpoint {index} never became {(down ? "unhealthy" : "healthy")}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure) =>
        Assert.True(await SecurityGateway.WaitUntilAsync(condition, 10_000), failure);
}
