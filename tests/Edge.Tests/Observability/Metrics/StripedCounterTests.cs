using System.Diagnostics;
using Edge.Http;
using Edge.Observability.Metrics;

namespace Edge.Tests.Observability.Metrics;

/// <summary>Striped counters and cells: every increment is counted, whatever threads and cores did it.</summary>
public sealed class StripedCounterTests
{
    [Fact]
    public void Counter_SumsIncrementsFromManyThreads()
    {
        var counter = new StripedCounter();
        const int threads = 8, perThread = 100_000;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (var i = 0; i < perThread; i++) counter.Increment();
        });
        counter.Add(5);
        Assert.Equal(threads * (long)perThread + 5, counter.Value);
    }

    [Fact]
    public void Cells_SumPerSlot_AndStayUnallocatedUntilUsed()
    {
        var cells = new StripedCells(3);
        Assert.False(cells.IsTouched);
        Assert.Equal(0, cells.Sum(1));
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                cells.Increment(0);
                cells.Add(2, 3);
            }
        });
        Assert.True(cells.IsTouched);
        Assert.Equal(40_000, cells.Sum(0));
        Assert.Equal(0, cells.Sum(1));
        Assert.Equal(120_000, cells.Sum(2));
    }

    [Fact]
    public void Stripes_AreAPowerOfTwo_WithinTheCap()
    {
        Assert.InRange(CounterStripes.Count, 1, CounterStripes.MaxStripes);
        Assert.Equal(0, CounterStripes.Count & (CounterStripes.Count - 1));
        Assert.InRange(CounterStripes.Current, 0, CounterStripes.Count - 1);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.0001, 0)]
    [InlineData(0.00011, 1)]
    [InlineData(0.001, 3)]
    [InlineData(0.0011, 4)]
    [InlineData(30.0, 16)]
    [InlineData(31.0, 17)]
    public void LatencyBuckets_PlaceObservationsAtTheFirstBoundNotExceeded(double seconds, int bucket)
    {
        Assert.Equal(bucket, LatencyBuckets.IndexOf((long)Math.Round(seconds * Stopwatch.Frequency)));
    }

    [Fact]
    public void RouteMetrics_CountByMethodAndStatusClass()
    {
        var route = new RouteMetrics("orders", "GET /{id}", ["GET"]);
        route.Record(KnownMethod.Get, 200, 10);
        route.Record(KnownMethod.Get, 204, 10);
        route.Record(KnownMethod.Get, 404, 10);
        route.Record(KnownMethod.Head, 503, 10);
        route.Record(KnownMethod.Custom, 0, 10); // no response begun: counted as 5xx
        route.Record(KnownMethod.Get, 101, 10);
        Assert.Equal(2, route.Requests((int)KnownMethod.Get, 1));
        Assert.Equal(1, route.Requests((int)KnownMethod.Get, 3));
        Assert.Equal(1, route.Requests((int)KnownMethod.Get, 0));
        Assert.Equal(1, route.Requests((int)KnownMethod.Head, 4));
        Assert.Equal(1, route.Requests(0, 4));
        Assert.Equal(1 << (int)KnownMethod.Get, route.DeclaredMethods);
        Span<long> buckets = stackalloc long[LatencyBuckets.Count];
        route.Duration.Read(buckets);
        long total = 0;
        foreach (var b in buckets) total += b;
        Assert.Equal(6, total);
        Assert.Equal("api=\"orders\",route=\"GET /{id}\"", System.Text.Encoding.UTF8.GetString(route.Labels));
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(199, 0)]
    [InlineData(200, 1)]
    [InlineData(399, 2)]
    [InlineData(499, 3)]
    [InlineData(599, 4)]
    [InlineData(0, 4)]
    [InlineData(600, 4)]
    public void StatusClass_MapsStatuses(int status, int index) => Assert.Equal(index, StatusClass.IndexOf(status));
}
