using System.Diagnostics;

namespace Edge.Observability.Metrics;

/// <summary>
/// A Prometheus histogram over <see cref="LatencyBuckets"/>, stored in <see cref="LatencyBuckets.Count"/>
/// + 1 slots of a <see cref="StripedCells"/> block from <paramref name="firstSlot"/>: one per bucket (not
/// cumulative: an observation touches one bucket) and the sum in Stopwatch ticks. The count is the sum of
/// the buckets, so a scrape's <c>_count</c> always equals its <c>+Inf</c> bucket. Two atomic adds per
/// observation, no allocation.
/// </summary>
internal readonly struct LatencyHistogram(StripedCells cells, int firstSlot)
{
    /// <summary>Slots a histogram takes: the buckets and the sum.</summary>
    public static int SlotCount => LatencyBuckets.Count + 1;

    public void Observe(long elapsedTicks)
    {
        if (elapsedTicks < 0) elapsedTicks = 0;
        cells.Increment(firstSlot + LatencyBuckets.IndexOf(elapsedTicks));
        cells.Add(firstSlot + LatencyBuckets.Count, elapsedTicks);
    }

    /// <summary>Reads the per-bucket counts into <paramref name="buckets"/> and returns the sum in seconds.</summary>
    public double Read(Span<long> buckets)
    {
        for (var i = 0; i < LatencyBuckets.Count; i++) buckets[i] = cells.Sum(firstSlot + i);
        return (double)cells.Sum(firstSlot + LatencyBuckets.Count) / Stopwatch.Frequency;
    }
}
