using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Edge.Observability.Metrics;

/// <summary>
/// The fixed upper bounds of Edge's latency histograms, in seconds: 100 µs to 30 s, roughly 1-2.5-5 per
/// decade. The low end resolves a proxy that adds microseconds; the high end reaches past the default
/// response timeout (30 s). Fixed at build time so every histogram shares them and a scrape needs no
/// per-histogram configuration (Prometheus aggregates buckets across series only when bounds match).
/// </summary>
internal static class LatencyBuckets
{
    public static readonly double[] UpperBoundsSeconds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>The bounds in <see cref="Stopwatch"/> ticks: an observation compares longs, never converts.</summary>
    public static readonly long[] UpperBoundsTicks = [.. UpperBoundsSeconds.Select(s => (long)Math.Round(s * Stopwatch.Frequency))];

    /// <summary>The <c>le</c> label values, rendered once ("0.0001", …, "+Inf").</summary>
    public static readonly byte[][] LeLabels = [.. UpperBoundsSeconds.Select(s => Encoding.ASCII.GetBytes(s.ToString("R", CultureInfo.InvariantCulture))), "+Inf"u8.ToArray()];

    /// <summary>Buckets including +Inf.</summary>
    public static int Count => UpperBoundsSeconds.Length + 1;

    /// <summary>The bucket an observation falls in (the first bound it does not exceed; the last is +Inf).</summary>
    public static int IndexOf(long ticks)
    {
        var bounds = UpperBoundsTicks;
        // Linear: most observations are fast and stop in the first few compares.
        for (var i = 0; i < bounds.Length; i++)
        {
            if (ticks <= bounds[i]) return i;
        }
        return bounds.Length;
    }
}
