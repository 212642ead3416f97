using Edge.Http;

namespace Edge.Observability.Metrics;

/// <summary>
/// One route's request series, resolved when the snapshot is compiled (DESIGN.md §1): requests by
/// method × status class (<c>edge_requests_total</c>) and the duration histogram
/// (<c>edge_request_duration_seconds</c>). The request path calls <see cref="Record"/> — two array
/// indexes and three atomic adds on this core's stripe; no dictionary, no string, no allocation.
/// The series count is fixed: 10 methods × 5 classes + one histogram per route.
/// </summary>
/// <remarks>
/// A reload hands the same object to the new snapshot's route when the route's name (API, methods,
/// path) is unchanged, so counters keep counting across reloads; a route that is new or changed starts
/// from zero, which Prometheus reads as a counter reset.
/// </remarks>
internal sealed class RouteMetrics
{
    private static readonly int HistogramSlot = MethodLabels.Count * StatusClass.Count;

    private readonly StripedCells _cells = new(MethodLabels.Count * StatusClass.Count + LatencyHistogram.SlotCount);

    /// <param name="api">The API's name ("" for requests no route matched).</param>
    /// <param name="route">The route's label: its methods and path template, e.g. <c>GET,POST /order/{id}</c>.</param>
    /// <param name="methods">The route's configured methods (empty: any method).</param>
    public RouteMetrics(string api, string route, IEnumerable<string> methods)
    {
        Api = api;
        Route = route;
        Labels = PrometheusWriter.Labels(("api", api), ("route", route));
        foreach (var m in methods) DeclaredMethods |= 1 << MethodLabels.IndexOf(m);
    }

    public string Api { get; }

    public string Route { get; }

    /// <summary><c>api="…",route="…"</c>, escaped once.</summary>
    public byte[] Labels { get; }

    /// <summary>Bit per <see cref="MethodLabels"/> index: methods whose series are exported even at zero.</summary>
    public int DeclaredMethods { get; }

    /// <summary>Counts one finished request.</summary>
    public void Record(KnownMethod method, int status, long elapsedTicks)
    {
        var m = (int)method < MethodLabels.Count ? (int)method : 0;
        _cells.Increment(m * StatusClass.Count + StatusClass.IndexOf(status));
        Duration.Observe(elapsedTicks);
    }

    public LatencyHistogram Duration => new(_cells, HistogramSlot);

    /// <summary>Requests so far with this method index and status class index.</summary>
    public long Requests(int method, int statusClass) => _cells.Sum(method * StatusClass.Count + statusClass);

    /// <summary>Anything counted yet (an untouched route exports only its declared methods' zeros).</summary>
    public bool IsTouched => _cells.IsTouched;
}
