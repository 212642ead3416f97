using Edge.Upstream;
using Edge.Upstream.Balancing;
using static Edge.Tests.Upstream.UpstreamTestEndpoints;

namespace Edge.Tests.Upstream;

/// <summary>Each balancing mode: distribution with weights, skipping unavailable endpoints, none available → null.</summary>
public class BalancerTests
{
    [Fact]
    public void Weight_table_is_smooth_and_proportional()
    {
        var table = WeightTable.Build([Create("a", 5), Create("b", 1), Create("c", 1)]);
        Assert.Equal([0, 0, 1, 0, 2, 0, 0], table);
        Assert.Equal([0, 1], WeightTable.Build([Create("a", 7), Create("b", 7)]));
    }

    [Fact]
    public void Round_robin_follows_weights_exactly()
    {
        var b = new RoundRobinBalancer([Create("a", 3), Create("b", 1)]);
        var counts = Count(b.Pick, 400);
        Assert.Equal(300, counts["http://a"]);
        Assert.Equal(100, counts["http://b"]);
    }

    [Fact]
    public void Round_robin_skips_unavailable_and_returns_null_when_none()
    {
        UpstreamEndpoint a = Create("a"), b = Create("b"), c = Create("c");
        var balancer = new RoundRobinBalancer([a, b, c]);
        MarkDown(b);
        var counts = Count(balancer.Pick, 300);
        Assert.False(counts.ContainsKey("http://b"));
        Assert.Equal(300, counts["http://a"] + counts["http://c"]);
        Assert.InRange(counts["http://a"], 100, 200);
        MarkDown(a);
        MarkDown(c);
        Assert.Null(balancer.Pick());
        MarkUp(b);
        Assert.Same(b, balancer.Pick());
    }

    [Fact]
    public void Least_requests_prefers_fewest_in_flight_per_weight()
    {
        UpstreamEndpoint a = Create("a"), b = Create("b", 2), c = Create("c");
        var balancer = new LeastRequestsBalancer([a, b, c]);
        a.InFlight = 3;
        b.InFlight = 5; // (5+1)/2 = 3 per weight unit
        c.InFlight = 1;
        for (var i = 0; i < 10; i++) Assert.Same(c, balancer.Pick());
        c.InFlight = 9;
        for (var i = 0; i < 10; i++) Assert.Same(b, balancer.Pick());
        MarkDown(b);
        for (var i = 0; i < 10; i++) Assert.Same(a, balancer.Pick());
    }

    [Fact]
    public void Least_requests_spreads_ties_and_skips_unavailable()
    {
        UpstreamEndpoint a = Create("a"), b = Create("b"), c = Create("c");
        var balancer = new LeastRequestsBalancer([a, b, c]);
        var counts = Count(balancer.Pick, 300);
        Assert.All(counts.Values, v => Assert.Equal(100, v));
        MarkDown(a);
        counts = Count(balancer.Pick, 300);
        Assert.False(counts.ContainsKey("http://a"));
        MarkDown(b);
        MarkDown(c);
        Assert.Null(balancer.Pick());
    }

    [Fact]
    public void Random_two_follows_weights_and_load()
    {
        UpstreamEndpoint a = Create("a", 3), b = Create("b", 1);
        var balancer = new RandomTwoBalancer([a, b], new Random(42));
        var counts = Count(balancer.Pick, 4000);
        // Idle endpoints: candidates are drawn 3:1, ties go to the heavier weight, so a gets more than 3/4.
        Assert.InRange(counts["http://a"], 3000, 4000);
        Assert.True(counts.ContainsKey("http://b"));
        a.InFlight = 100;
        counts = Count(balancer.Pick, 1000);
        // b is the lighter one whenever it is drawn: about 1 - (3/4)^2 of the picks.
        Assert.InRange(counts["http://b"], 350, 520);
    }

    [Fact]
    public void Random_two_skips_unavailable_and_returns_null_when_none()
    {
        UpstreamEndpoint a = Create("a"), b = Create("b"), c = Create("c");
        var balancer = new RandomTwoBalancer([a, b, c], new Random(7));
        MarkDown(a);
        MarkDown(b);
        var counts = Count(balancer.Pick, 200);
        Assert.Equal(200, counts["http://c"]);
        MarkDown(c);
        Assert.Null(balancer.Pick());
    }

    [Fact]
    public void Cluster_uses_failover_only_when_every_primary_is_down()
    {
        UpstreamEndpoint p1 = Create("p1"), p2 = Create("p2"), f = Create("f");
        var cluster = new UpstreamCluster("c", [p1, p2], [f], BalanceMode.RoundRobin, null, new UpstreamPoolOptions(), new object());
        var counts = Count(cluster.Pick, 100);
        Assert.False(counts.ContainsKey("http://f"));
        MarkDown(p1);
        MarkDown(p2);
        Assert.Same(f, cluster.Pick());
        MarkDown(f);
        Assert.Null(cluster.Pick());
        MarkUp(p2);
        Assert.Same(p2, cluster.Pick());
    }

    [Fact]
    public void Picks_allocate_nothing()
    {
        UpstreamEndpoint[] endpoints = [Create("a", 2), Create("b"), Create("c", 3)];
        IBalancer[] balancers = [new RoundRobinBalancer(endpoints), new LeastRequestsBalancer(endpoints), new RandomTwoBalancer(endpoints, Random.Shared)];
        foreach (var balancer in balancers)
        {
            balancer.Pick();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++) balancer.Pick();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
