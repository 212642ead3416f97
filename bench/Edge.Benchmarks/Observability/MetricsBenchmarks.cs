using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Config;
using Edge.Config;
using Edge.Hosting;
using Edge.Http;
using Edge.Http2.Server;
using Edge.Observability;
using Edge.Observability.Correlation;
using Edge.Observability.Metrics;
using Edge.Snapshot;

namespace Edge.Benchmarks.Observability;

/// <summary>
/// The metrics' two costs: the hot-path increment a request pays (<see cref="RecordRequest"/>,
/// <see cref="IncrementCounter"/>: target 0 B) and a whole <c>/metrics</c> scrape of a config with
/// 100 routes (200 declared method series) and two endpoints, every route having seen traffic
/// (<see cref="Scrape100Routes"/>: time and bytes; independent of how much traffic there was).
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private RouteMetrics _route = null!;
    private StripedCounter _counter = null!;
    private MetricsSources _sources;
    private long _elapsed;
    private Exchange _fresh = null!;
    private Exchange _traced = null!;

    [GlobalSetup]
    public void Setup()
    {
        _route = new RouteMetrics("orders", "GET /order/{id}", ["GET"]);
        _counter = new StripedCounter();
        _elapsed = System.Diagnostics.Stopwatch.Frequency / 2000; // 0.5 ms

        var bytes = LargeConfig.Generate(apis: 10, resourcesPerApi: 10, throttle: false);
        var loaded = ConfigLoader.LoadFromBytes(bytes, "/tmp/bench-metrics.toml");
        var snapshot = SnapshotCompiler.Compile(loaded.Config ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics)),
            bytes, "/tmp/bench-metrics.toml", 1, null, out var problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        foreach (var r in snapshot.Routes)
        {
            r.Metrics.Record(KnownMethod.Get, 200, _elapsed);
            r.Metrics.Record(KnownMethod.Put, 503, _elapsed * 10);
        }
        _fresh = Request([]);
        _traced = Request([("X-Request-Id", "6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11"),
            ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), ("tracestate", "congo=t61rcWkgMzE")]);
        _sources = new MetricsSources(snapshot, new GatewayMetrics(), new Http2ServerStats(), [], AccessLog.Disabled());
        using var probe = new PooledBufferWriter();
        MetricsExposition.Write(_sources, probe);
        Console.WriteLine($"// scrape of {snapshot.Routes.Length} routes: {probe.Length} bytes of exposition");
    }

    [Benchmark]
    public void RecordRequest() => _route.Record(KnownMethod.Get, 200, _elapsed);

    [Benchmark]
    public void IncrementCounter() => _counter.Increment();

    /// <summary>What every request pays for ids: a generated request id and a new trace (no client fields).</summary>
    [Benchmark]
    public void CorrelationGenerated() => Begin(_fresh);

    /// <summary>A client id kept, its trace continued with a new span, tracestate validated and passed on.</summary>
    [Benchmark]
    public void CorrelationContinued() => Begin(_traced);

    private static void Begin(Exchange exchange)
    {
        exchange.UpstreamFields.Reset();
        exchange.ResponseFields.Reset();
        CorrelationIds.Begin(exchange);
    }

    private static Exchange Request((string Name, string Value)[] fields)
    {
        var head = new HttpRequestHead();
        head.SetRequestLine("GET"u8, KnownMethod.Get, "/orders/7"u8, Edge.Http.HttpVersion.Http11);
        head.AddHeader("Host"u8, "api.example.com"u8);
        foreach (var (name, value) in fields) head.AddHeader(System.Text.Encoding.ASCII.GetBytes(name), System.Text.Encoding.ASCII.GetBytes(value));
        return new Exchange(head);
    }

    [Benchmark]
    public int Scrape100Routes()
    {
        using var buffer = new PooledBufferWriter();
        MetricsExposition.Write(_sources, buffer);
        return buffer.Length;
    }
}
