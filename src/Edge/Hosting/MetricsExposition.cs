using System.Buffers;
using Edge.Observability.Metrics;
using Edge.Snapshot;

namespace Edge.Hosting;

/// <summary>
/// <c>GET /metrics</c>: every Edge metric in the Prometheus text format (docs/observability.md lists
/// them). The request series are the current snapshot's routes (resolved when it was compiled); the rest
/// is read where it is kept — endpoint counters, retry budgets, HTTP/2 and TLS counters, policy outcomes,
/// the access log's queue, the runtime. The cost of a scrape depends on the config (routes, endpoints,
/// listeners), never on traffic: every value is a sum over a fixed number of per-core stripes.
/// Split by subject: <c>.Requests.cs</c>, <c>.Upstreams.cs</c>, <c>.Server.cs</c>.
/// </summary>
internal static partial class MetricsExposition
{
    /// <summary>Writes a whole scrape of a running server into <paramref name="output"/>.</summary>
    public static void Write(EdgeServer server, IBufferWriter<byte> output) =>
        Write(new MetricsSources(server.Snapshots.Current, server.Metrics, server.Http2Stats, server.TlsHandshakeCounters(), server.AccessLog), output);

    /// <summary>Writes a whole scrape from its sources (a benchmark passes them without sockets).</summary>
    public static void Write(in MetricsSources sources, IBufferWriter<byte> output)
    {
        var writer = new PrometheusWriter(output);
        WriteRequests(writer, sources.Gateway, sources.Snapshot);
        WriteUpstreams(writer, sources.Snapshot);
        WriteConnections(writer, sources);
        WriteSecurity(writer, sources.Snapshot);
        WriteServer(writer, sources);
        WriteProcess(writer);
    }
}
