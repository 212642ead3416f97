namespace Edge.Observability.Metrics;

/// <summary>
/// One upstream endpoint's attempts: a count per outcome (the forwarder's result code, an index below
/// <see cref="MaxOutcomes"/>; the exposition names them) and the duration histogram of each attempt
/// (<c>edge_upstream_duration_seconds</c>: connect, request and response head and body, as the forwarder
/// sees them). Owned by the endpoint, so it lives as long as the endpoint's pool: a reload that keeps an
/// unchanged upstream keeps its counters.
/// </summary>
internal sealed class UpstreamEndpointMetrics
{
    /// <summary>Outcome codes accepted (a result enum of up to 16 values).</summary>
    public const int MaxOutcomes = 16;

    private readonly StripedCells _cells = new(MaxOutcomes + LatencyHistogram.SlotCount);

    /// <summary>Counts one attempt that ended with <paramref name="outcome"/> after <paramref name="elapsedTicks"/> (Stopwatch).</summary>
    public void Record(int outcome, long elapsedTicks)
    {
        _cells.Increment((uint)outcome < MaxOutcomes ? outcome : MaxOutcomes - 1);
        Duration.Observe(elapsedTicks);
    }

    public long Attempts(int outcome) => _cells.Sum(outcome);

    public LatencyHistogram Duration => new(_cells, MaxOutcomes);

    /// <summary>The endpoint's rendered <c>upstream="…",endpoint="…"</c>, cached by the first scrape (an endpoint never changes cluster).</summary>
    public byte[]? Labels { get; set; }
}
