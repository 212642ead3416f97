using Edge.Observability.Metrics;
using Edge.Snapshot;

namespace Edge.Hosting;

internal static partial class MetricsExposition
{
    private static ReadOnlySpan<byte> Requests => "edge_requests_total"u8;
    private static ReadOnlySpan<byte> RequestDuration => "edge_request_duration_seconds"u8;

    /// <summary>
    /// <c>edge_requests_total{api,route,method,code_class}</c> and <c>edge_request_duration_seconds{api,route}</c>.
    /// A route's declared methods are exported from zero (so rate() and alerts see them before the first
    /// request); other methods (HEAD, OPTIONS, …) once they occur. Requests no route took have api="" and route="".
    /// </summary>
    private static void WriteRequests(PrometheusWriter w, GatewayMetrics gateway, RuntimeSnapshot snapshot)
    {
        w.Family(Requests, "counter"u8, "Requests answered, by API, route, method and status class (api=\"\" route=\"\": no route matched or the request was refused before routing).");
        Span<byte> more = stackalloc byte[64];
        WriteRouteCounts(w, gateway.Unmatched, more);
        foreach (var route in snapshot.Routes) WriteRouteCounts(w, route.Metrics, more);

        w.Family(RequestDuration, "histogram"u8, "Time from a complete request head to the end of the response, by API and route.");
        Span<long> buckets = stackalloc long[LatencyBuckets.Count];
        WriteHistogram(w, RequestDuration, gateway.Unmatched.Labels, gateway.Unmatched.Duration, buckets);
        foreach (var route in snapshot.Routes) WriteHistogram(w, RequestDuration, route.Metrics.Labels, route.Metrics.Duration, buckets);
    }

    private static void WriteRouteCounts(PrometheusWriter w, RouteMetrics metrics, Span<byte> more)
    {
        for (var m = 0; m < MethodLabels.Count; m++)
        {
            var declared = (metrics.DeclaredMethods & (1 << m)) != 0;
            for (var c = 0; c < StatusClass.Count; c++)
            {
                var count = metrics.Requests(m, c);
                if (count == 0 && !declared) continue;
                w.Sample(Requests, metrics.Labels, MethodAndClass(m, c, more), count);
            }
        }
    }

    /// <summary><c>method="GET",code_class="2xx"</c> into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> MethodAndClass(int method, int statusClass, Span<byte> buffer)
    {
        var n = 0;
        Append("method=\""u8, buffer, ref n);
        Append(MethodLabels.Values[method], buffer, ref n);
        Append("\",code_class=\""u8, buffer, ref n);
        Append(StatusClass.Labels[statusClass], buffer, ref n);
        Append("\""u8, buffer, ref n);
        return buffer[..n];
    }

    private static void Append(ReadOnlySpan<byte> bytes, Span<byte> buffer, ref int n)
    {
        bytes.CopyTo(buffer[n..]);
        n += bytes.Length;
    }

    private static void WriteHistogram(PrometheusWriter w, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, LatencyHistogram histogram, Span<long> buckets)
    {
        var sum = histogram.Read(buckets);
        w.Histogram(name, labels, buckets, sum);
    }
}
