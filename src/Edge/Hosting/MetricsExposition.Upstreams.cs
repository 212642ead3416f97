using Edge.Observability.Metrics;
using Edge.Snapshot;
using Edge.Upstream;

namespace Edge.Hosting;

internal static partial class MetricsExposition
{
    private static ReadOnlySpan<byte> UpstreamRequests => "edge_upstream_requests_total"u8;
    private static ReadOnlySpan<byte> UpstreamErrors => "edge_upstream_errors_total"u8;
    private static ReadOnlySpan<byte> UpstreamDuration => "edge_upstream_duration_seconds"u8;
    private static ReadOnlySpan<byte> UpstreamHealthy => "edge_upstream_endpoint_healthy"u8;
    private static ReadOnlySpan<byte> UpstreamRetries => "edge_upstream_retries_total"u8;
    private static ReadOnlySpan<byte> UpstreamRetriesRefused => "edge_upstream_retries_refused_total"u8;
    private static ReadOnlySpan<byte> UpstreamUnavailable => "edge_upstream_unavailable_total"u8;

    /// <summary>The forward results that are the upstream's fault, with their <c>kind</c> label.</summary>
    private static readonly (ForwardResult Result, byte[] Label)[] ErrorKinds =
    [
        (ForwardResult.ConnectFailed, "kind=\"connect_failed\""u8.ToArray()),
        (ForwardResult.UpstreamResetBeforeResponse, "kind=\"reset_before_response\""u8.ToArray()),
        (ForwardResult.ResponseTimeout, "kind=\"timeout\""u8.ToArray()),
        (ForwardResult.BadUpstreamResponse, "kind=\"bad_response\""u8.ToArray()),
        (ForwardResult.ResponseBodyUpstreamFailed, "kind=\"body_failed\""u8.ToArray()),
    ];

    private static void WriteUpstreams(PrometheusWriter w, RuntimeSnapshot snapshot)
    {
        var clusters = snapshot.Clusters.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

        w.Family(UpstreamRequests, "counter"u8, "Attempts sent to an upstream endpoint (retries included), whatever their outcome.");
        foreach (var (cluster, endpoint) in Endpoints(clusters))
        {
            long total = 0;
            for (var o = 0; o < UpstreamEndpointMetrics.MaxOutcomes; o++) total += endpoint.Metrics.Attempts(o);
            w.Sample(UpstreamRequests, EndpointLabels(cluster, endpoint), total);
        }

        w.Family(UpstreamErrors, "counter"u8, "Attempts that failed through the upstream's fault, by kind (connect_failed, reset_before_response, timeout, bad_response, body_failed).");
        foreach (var (cluster, endpoint) in Endpoints(clusters))
        {
            foreach (var (result, label) in ErrorKinds) w.Sample(UpstreamErrors, EndpointLabels(cluster, endpoint), label, endpoint.Metrics.Attempts((int)result));
        }

        w.Family(UpstreamDuration, "histogram"u8, "Duration of one upstream attempt: connect (or pooled connection), request, response head and body.");
        Span<long> buckets = stackalloc long[LatencyBuckets.Count];
        foreach (var (cluster, endpoint) in Endpoints(clusters))
            WriteHistogram(w, UpstreamDuration, EndpointLabels(cluster, endpoint), endpoint.Metrics.Duration, buckets);

        w.Family(UpstreamHealthy, "gauge"u8, "1 when the endpoint takes requests (resolved, not failed by active checks, not ejected), else 0.");
        foreach (var (cluster, endpoint) in Endpoints(clusters)) w.Sample(UpstreamHealthy, EndpointLabels(cluster, endpoint), endpoint.Health.IsAvailable ? 1 : 0);

        w.Family(UpstreamRetries, "counter"u8, "Retries started on another endpoint (paid from the upstream's retry budget).");
        foreach (var c in clusters) w.Sample(UpstreamRetries, UpstreamLabel(c), c.RetryBudget.Started);
        w.Family(UpstreamRetriesRefused, "counter"u8, "Retries the retry budget refused.");
        foreach (var c in clusters) w.Sample(UpstreamRetriesRefused, UpstreamLabel(c), c.RetryBudget.Refused);
        w.Family(UpstreamUnavailable, "counter"u8, "Requests answered 503 at once because no endpoint of the upstream was available.");
        foreach (var c in clusters) w.Sample(UpstreamUnavailable, UpstreamLabel(c), c.Unavailable);
    }

    private static IEnumerable<(UpstreamCluster Cluster, UpstreamEndpoint Endpoint)> Endpoints(UpstreamCluster[] clusters)
    {
        foreach (var c in clusters)
        {
            foreach (var e in c.Endpoints) yield return (c, e);
            foreach (var e in c.Failover) yield return (c, e);
        }
    }

    /// <summary><c>upstream="…",endpoint="…"</c>, rendered by the first scrape and kept with the endpoint.</summary>
    private static byte[] EndpointLabels(UpstreamCluster cluster, UpstreamEndpoint endpoint) =>
        endpoint.Metrics.Labels ??= PrometheusWriter.Labels(("upstream", cluster.Name), ("endpoint", endpoint.Url));

    private static byte[] UpstreamLabel(UpstreamCluster cluster) => PrometheusWriter.Labels(("upstream", cluster.Name));
}
