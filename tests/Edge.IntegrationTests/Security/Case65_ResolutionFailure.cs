using System.Diagnostics;
using System.Net;
using Edge.IntegrationTests.Kit;
using Edge.IntegrationTests.Upstream;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 65: an endpoint whose host name does not resolve (an injected resolver, never real
/// DNS) → 503 at once, no retry storm (the name is looked up once per load, not per request), counted,
/// and reported as a warning at the URL's file:line:col; a reload that resolves it brings it in.
/// </summary>
public sealed class Case65_ResolutionFailure
{
    private sealed class TestResolver
    {
        private int _calls;
        public volatile IPAddress[] Answer = [];
        public int Calls => Volatile.Read(ref _calls);

        public IPAddress[] Resolve(string host)
        {
            Interlocked.Increment(ref _calls);
            return host == "backend.test" ? Answer : [];
        }
    }

    private static string Config(string endpoints) => EdgeTestServer.Config($$"""
        [[upstreams]]
        name = "backend"
        endpoints = [{{endpoints}}]

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "backend"
        """);

    [Fact]
    public async Task UnresolvableOnlyEndpoint_503AtOnce_LookedUpOncePerLoad_Counted()
    {
        var resolver = new TestResolver();
        await using var edge = await EdgeTestServer.StartAsync(Config("\"http://backend.test:8080\""), resolver.Resolve);
        using var client = edge.CreateClient();

        Assert.Matches(@"edge-test-\w+\.toml:\d+:\d+: warning: upstreams\[0\]\.endpoints\[0\]: host ""backend.test"" did not resolve", edge.Log);
        var callsAtLoad = resolver.Calls;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/api/x");
            Assert.Equal(503, (int)response.StatusCode);
            Assert.Equal(101503, Case57_ConnectionRefused.FaultCode(await response.Content.ReadAsStringAsync()));
        }
        watch.Stop();

        Assert.Equal(callsAtLoad, resolver.Calls);
        Assert.Equal(20, edge.Server.Snapshots.Current.Clusters["backend"].Unavailable);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"20 requests took {watch.Elapsed}");
    }

    [Fact]
    public async Task UnresolvableEndpointBesideAHealthyOne_TakesNoTraffic()
    {
        var resolver = new TestResolver();
        await using var healthy = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(Config("\"http://backend.test:8080\", \"{BACKEND}\""), resolver.Resolve, healthy.Url);
        using var client = edge.CreateClient();

        var counts = await BalancingTests.SendAsync(client, 10);

        Assert.Equal(10, counts["b"]);
        Assert.Equal(0, edge.Server.Snapshots.Current.Clusters["backend"].RetryBudget.Started);
    }

    [Fact]
    public async Task ReloadResolvesAgain_TheEndpointComesIn()
    {
        var resolver = new TestResolver();
        await using var backend = new NamedBackend("late");
        var port = new Uri(backend.Url).Port;
        await using var edge = await EdgeTestServer.StartAsync(Config($"\"http://backend.test:{port}\""), resolver.Resolve);
        using var client = edge.CreateClient();
        using (var before = await client.GetAsync("/api/x")) Assert.Equal(503, (int)before.StatusCode);

        resolver.Answer = [IPAddress.Loopback];
        var outcome = await edge.Server.ReloadAsync();

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        using var after = await client.GetAsync("/api/x");
        Assert.Equal(200, (int)after.StatusCode);
        Assert.Equal("late", await after.Content.ReadAsStringAsync());
        // The upstream's definition did not change, but its address did: a new cluster took over.
        Assert.Equal(port, edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].Address!.Port);
    }
}
