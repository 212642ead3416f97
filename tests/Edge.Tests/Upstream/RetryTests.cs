using Edge.Http;
using Edge.Upstream;
using Edge.Upstream.Balancing;
using Edge.Upstream.Retries;

namespace Edge.Tests.Upstream;

public sealed class RetryBudgetTests
{
    [Theory]
    // live requests, budget, retries already in flight → may one more start?
    [InlineData(0, 0.2, 0, true)]
    [InlineData(0, 0.2, 2, true)]
    [InlineData(0, 0.2, 3, false)]   // the floor: 3 retries in flight whatever the traffic
    [InlineData(100, 0.2, 19, true)]
    [InlineData(100, 0.2, 20, false)] // 20 % of 100 live requests
    [InlineData(100, 0.0, 3, false)]
    [InlineData(100, 1.0, 99, true)]
    [InlineData(100, 1.0, 100, false)]
    public void AllowsRetriesUpToAShareOfLiveRequests(int live, double budget, int inFlight, bool allowed)
    {
        var retries = new RetryBudget(budget);
        for (var i = 0; i < inFlight; i++) Assert.True(retries.TryBegin(live));

        Assert.Equal(allowed, retries.TryBegin(live));
        Assert.Equal(inFlight + (allowed ? 1 : 0), retries.InFlight);
        Assert.Equal(allowed ? 0 : 1, retries.Refused);
    }

    [Fact]
    public void EndingARetry_FreesItsSlot()
    {
        var retries = new RetryBudget(0);
        for (var i = 0; i < RetryBudget.MinConcurrency; i++) Assert.True(retries.TryBegin(0));
        Assert.False(retries.TryBegin(0));
        retries.End();
        Assert.True(retries.TryBegin(0));
        Assert.Equal(RetryBudget.MinConcurrency + 1, retries.Started);
    }

    [Fact]
    public void ConcurrentRetries_NeverExceedTheLimit()
    {
        var retries = new RetryBudget(0.1);
        var peak = 0;
        Parallel.For(0, 100_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (!retries.TryBegin(50)) return;
            var now = retries.InFlight;
            InterlockedMax(ref peak, now);
            retries.End();
        });
        Assert.True(peak <= 5, $"peak {peak}"); // max(3, 0.1 × 50)
        Assert.Equal(0, retries.InFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

public sealed class RetryDecisionTests
{
    public static TheoryData<string, string, long, bool, bool> Cases => new()
    {
        // result, method, body length, route allows non-idempotent, retry?
        { "ConnectFailed", "GET", 0, false, true },
        { "ConnectFailed", "POST", 100, false, true }, // nothing was sent, the body is unread
        { "UpstreamResetBeforeResponse", "GET", 0, false, true },
        { "UpstreamResetBeforeResponse", "PUT", 0, false, true },
        { "UpstreamResetBeforeResponse", "DELETE", 0, false, true },
        { "UpstreamResetBeforeResponse", "POST", 0, false, false },
        { "UpstreamResetBeforeResponse", "PATCH", 0, false, false },
        { "UpstreamResetBeforeResponse", "POST", 0, true, true },
        { "UpstreamResetBeforeResponse", "PUT", 10, false, false }, // the body is gone
        { "UpstreamResetBeforeResponse", "POST", 10, true, false },
        { "ResponseTimeout", "GET", 0, false, false },
        { "BadUpstreamResponse", "GET", 0, false, false },
        { "ResponseBodyUpstreamFailed", "GET", 0, false, false },
        { "RequestBodyFailed", "POST", 10, true, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnlyWhatIsSafeToReplay(string result, string method, long bodyLength, bool nonIdempotent, bool expected)
    {
        var exchange = new Exchange(new HttpRequestHead());
        exchange.Request.SetRequestLine(System.Text.Encoding.ASCII.GetBytes(method), Enum.Parse<KnownMethod>(method, ignoreCase: true), "/"u8, HttpVersion.Http11);
        exchange.RequestBody = bodyLength == 0 ? EmptyBody.Instance : new FixedLengthBody(bodyLength);

        Assert.Equal(expected, RetryDecision.CanRetry(Enum.Parse<ForwardResult>(result), exchange, nonIdempotent));
    }

    private sealed class FixedLengthBody(long length) : IHttpBodySource
    {
        public long ContentLength => length;
        public long BytesRead => 0;
        public ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public void LimitTo(long maxBytes) { }
        public void Consume() { }
    }
}

public sealed class PickUntriedTests
{
    private static UpstreamCluster Cluster(int primaries, int failovers) => new("c",
        Enumerable.Range(0, primaries).Select(i => UpstreamTestEndpoints.Create($"p{i}")).ToArray(),
        Enumerable.Range(0, failovers).Select(i => UpstreamTestEndpoints.Create($"f{i}")).ToArray(),
        BalanceMode.RoundRobin, null, new UpstreamPoolOptions(), new object());

    [Fact]
    public void NeverReturnsATriedEndpoint_PrimariesBeforeFailovers()
    {
        var cluster = Cluster(3, 1);
        var first = cluster.Endpoints[0];
        var tried = cluster.TriedBit(first);
        var seen = new List<string>();
        UpstreamEndpoint last = first;
        while (cluster.PickUntried(tried, last) is { } next)
        {
            seen.Add(next.Url);
            tried |= cluster.TriedBit(next);
            last = next;
        }
        Assert.Equal(["http://p1", "http://p2"], seen.Take(2).Order());
        Assert.Equal("http://f0", seen[2]);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void SkipsUnavailableEndpoints()
    {
        var cluster = Cluster(3, 0);
        UpstreamTestEndpoints.MarkDown(cluster.Endpoints[1]);

        for (var i = 0; i < 10; i++)
            Assert.Equal("http://p2", cluster.PickUntried(cluster.TriedBit(cluster.Endpoints[0]), cluster.Endpoints[0])?.Url);
        Assert.Null(cluster.PickUntried(cluster.TriedBit(cluster.Endpoints[0]) | cluster.TriedBit(cluster.Endpoints[2]), cluster.Endpoints[2]));
    }

    [Fact]
    public void SpreadsRetriesOverTheRemainingEndpoints()
    {
        var cluster = Cluster(4, 0);
        var tried = cluster.TriedBit(cluster.Endpoints[0]);
        var counts = UpstreamTestEndpoints.Count(() => cluster.PickUntried(tried, cluster.Endpoints[0]), 300);

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(100, c));
    }

    [Fact]
    public void BeyondSixtyFourEndpoints_OnlyTheLastIsExcluded()
    {
        var cluster = Cluster(70, 0);
        var last = cluster.Endpoints[66];
        Assert.Equal(0UL, cluster.TriedBit(last));
        for (var i = 0; i < 200; i++) Assert.NotSame(last, cluster.PickUntried(0, last));
    }

    [Fact]
    public void LiveRequests_SumsInFlightOverAllEndpoints()
    {
        var cluster = Cluster(2, 1);
        cluster.Endpoints[0].InFlight = 3;
        cluster.Endpoints[1].InFlight = 4;
        cluster.Failover[0].InFlight = 1;
        Assert.Equal(8, cluster.LiveRequests());
    }
}
