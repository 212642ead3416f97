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
    /// <summary>Writes a whole scrape into <paramref name="output"/>.</summary>
    public static void Write(EdgeServer server, IBufferWriter<byte> output)
    {
        var writer = new PrometheusWriter(output);
        var snapshot = server.Snapshots.Current;
        WriteRequests(writer, server.Metrics, snapshot);
        WriteUpstreams(writer, snapshot);
        WriteConnections(writer, server);
        WriteSecurity(writer, snapshot);
        WriteServer(writer, server, snapshot);
        WriteProcess(writer);
    }
}
