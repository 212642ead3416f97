using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Upstream;

/// <summary>Traffic through the real gateway spreads over 2–3 backends per balancing mode and weights.</summary>
public sealed class BalancingTests
{
    internal static string Config(string upstreamKeys) => EdgeTestServer.Config($$"""
        [[upstreams]]
        name = "backend"
        {{upstreamKeys}}

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "backend"
        """);

    internal static async Task<Dictionary<string, int>> SendAsync(HttpClient client, int count)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync("/api/x");
            var body = await response.Content.ReadAsStringAsync();
            var key = (int)response.StatusCode == 200 ? body : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    [Fact]
    public async Task RoundRobin_FollowsWeights()
    {
        await using NamedBackend a = new("a"), b = new("b"), c = new("c");
        await using var edge = await EdgeTestServer.StartAsync(Config("""
            endpoints = [{ url = "{BACKEND}", weight = 2 }, "{BACKEND2}", "{BACKEND3}"]
            balance = "round_robin"
            """), a.Url, b.Url, c.Url);
        using var client = edge.CreateClient();
        var counts = await SendAsync(client, 40);
        Assert.Equal(20, counts["a"]);
        Assert.Equal(10, counts["b"]);
        Assert.Equal(10, counts["c"]);
    }

    [Fact]
    public async Task LeastRequests_SpreadsSequentialTraffic()
    {
        await using NamedBackend a = new("a"), b = new("b"), c = new("c");
        await using var edge = await EdgeTestServer.StartAsync(Config("""
            endpoints = ["{BACKEND}", "{BACKEND2}", "{BACKEND3}"]
            balance = "least_requests"
            """), a.Url, b.Url, c.Url);
        using var client = edge.CreateClient();
        var counts = await SendAsync(client, 30);
        Assert.All(["a", "b", "c"], name => Assert.InRange(counts.GetValueOrDefault(name), 5, 20));
    }

    [Fact]
    public async Task RandomTwo_UsesEveryBackend()
    {
        await using NamedBackend a = new("a"), b = new("b");
        await using var edge = await EdgeTestServer.StartAsync(Config("""
            endpoints = ["{BACKEND}", "{BACKEND2}"]
            balance = "random_two"
            """), a.Url, b.Url);
        using var client = edge.CreateClient();
        var counts = await SendAsync(client, 60);
        Assert.Equal(60, counts.GetValueOrDefault("a") + counts.GetValueOrDefault("b"));
        Assert.InRange(counts.GetValueOrDefault("a"), 10, 50);
    }
}
