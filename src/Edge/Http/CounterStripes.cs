namespace Edge.Http;

/// <summary>
/// How striped counters pick their slot: one stripe per core (a power of two, at most
/// <see cref="MaxStripes"/>), chosen by the core the thread runs on. Two threads only share a stripe
/// when they share a core (or when there are more cores than stripes), so an increment is an
/// uncontended atomic add on a cache line that stays with its core; a scrape sums the stripes.
/// </summary>
internal static class CounterStripes
{
    /// <summary>
    /// Upper bound on stripes: past 16 cores, cores share stripes (still correct, the adds are atomic),
    /// which keeps a counter at most 1 KiB and the per-route blocks small on big machines.
    /// </summary>
    public const int MaxStripes = 16;

    /// <summary>Longs per cache line: a stripe starts on its own 64-byte line so cores never false-share.</summary>
    public const int LongsPerLine = 8;

    /// <summary>Stripes in use (a power of two).</summary>
    public static readonly int Count = (int)Math.Min(MaxStripes, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)));

    private static readonly int Mask = Count - 1;

    /// <summary>The calling thread's stripe (the runtime caches the processor id, so this costs a few ns).</summary>
    public static int Current => Thread.GetCurrentProcessorId() & Mask;
}
