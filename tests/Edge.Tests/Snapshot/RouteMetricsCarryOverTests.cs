using System.Buffers;
using System.Text;
using Edge.Hosting;
using Edge.Http2.Server;
using Edge.Observability;
using Edge.Observability.Metrics;
using Edge.Snapshot;

namespace Edge.Tests.Snapshot;

/// <summary>Request series are resolved at compile time and survive a reload when the route is unchanged.</summary>
public sealed class RouteMetricsCarryOverTests
{
    private const string Base = """
        [server]
        admin = "off"
        access_log = "off"
        [[listeners]]
        bind = "127.0.0.1:18080"
        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/a"
          methods = ["GET"]
          respond = { status = 200, body = "a" }
        """;

    private static RuntimeSnapshot Load(string toml, RuntimeSnapshot? previous = null)
    {
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), "edge.toml", (previous?.Generation ?? 0) + 1, previous);
        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        return result.Snapshot!;
    }

    [Fact]
    public void UnchangedRoute_KeepsItsSeries_ChangedRouteStartsFresh()
    {
        var first = Load(Base);
        var second = Load(Base + """

              [[apis.resources]]
              path = "/b"
              methods = ["POST"]
              respond = { status = 201, body = "b" }
            """, first);
        Assert.Same(first.Routes[0].Metrics, second.Routes[0].Metrics);
        var third = Load(Base.Replace("methods = [\"GET\"]", "methods = [\"GET\", \"PUT\"]", StringComparison.Ordinal), second);
        Assert.NotSame(first.Routes[0].Metrics, third.Routes[0].Metrics);
        Assert.Equal("api=\"mock\",route=\"GET,PUT /a\"", Encoding.UTF8.GetString(third.Routes[0].Metrics.Labels));
    }

    [Fact]
    public void Exposition_ListsDeclaredMethodsFromZero()
    {
        var snapshot = Load(Base);
        snapshot.Routes[0].Metrics.Record(Edge.Http.KnownMethod.Head, 200, 1);
        var buffer = new ArrayBufferWriter<byte>();
        MetricsExposition.Write(new MetricsSources(snapshot, new GatewayMetrics(), new Http2ServerStats(), [], AccessLog.Disabled()), buffer);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Contains("edge_requests_total{api=\"mock\",route=\"GET /a\",method=\"GET\",code_class=\"2xx\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("edge_requests_total{api=\"mock\",route=\"GET /a\",method=\"HEAD\",code_class=\"2xx\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("method=\"HEAD\",code_class=\"5xx\"", text, StringComparison.Ordinal);
        Assert.Contains("edge_request_duration_seconds_count{api=\"mock\",route=\"GET /a\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE edge_throttled_total counter\n", text, StringComparison.Ordinal);
    }
}
