using Edge.Http2.Server;
using Edge.Observability;
using Edge.Observability.Metrics;
using Edge.Snapshot;
using Edge.Transport.Tls;

namespace Edge.Hosting;

/// <summary>Where a scrape reads from: the serving snapshot and the server's own counters (a benchmark builds one without sockets).</summary>
internal readonly record struct MetricsSources(
    RuntimeSnapshot Snapshot,
    GatewayMetrics Gateway,
    Http2ServerStats Http2,
    IEnumerable<(string Name, TlsHandshakeCounters Counters)> Tls,
    AccessLog AccessLog);
