using Edge.Http;

namespace Edge.Observability.Metrics;

/// <summary>
/// A fixed number of long slots (a route's counters and histogram, an endpoint's), striped per core like
/// <see cref="StripedCounter"/> but with one padded row per stripe for all of them, so a route costs one
/// small block rather than a cache line per counter. The block is allocated on the first increment: a
/// snapshot with 10,000 routes that never see traffic costs no counter memory, and compiling it zeroes
/// nothing. Size: (stripes + 1) × slots rounded up to 8 longs (a route on 2 cores: 3 × 72 × 8 B ≈ 1.7 KiB).
/// </summary>
internal sealed class StripedCells
{
    private readonly int _stride;
    private long[]? _cells;

    public StripedCells(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _stride = (slots + CounterStripes.LongsPerLine - 1) / CounterStripes.LongsPerLine * CounterStripes.LongsPerLine;
    }

    public int Slots { get; }

    /// <summary>True once anything was counted (a scrape may skip untouched blocks).</summary>
    public bool IsTouched => Volatile.Read(ref _cells) is not null;

    public void Add(int slot, long value)
    {
        var cells = Volatile.Read(ref _cells) ?? Allocate();
        // Row 0 is padding: stripe s lives in row s + 1.
        Interlocked.Add(ref cells[(CounterStripes.Current + 1) * _stride + slot], value);
    }

    public void Increment(int slot) => Add(slot, 1);

    /// <summary>The slot summed over every stripe (0 before the first increment).</summary>
    public long Sum(int slot)
    {
        var cells = Volatile.Read(ref _cells);
        if (cells is null) return 0;
        long sum = 0;
        for (var s = 1; s <= CounterStripes.Count; s++) sum += Volatile.Read(ref cells[s * _stride + slot]);
        return sum;
    }

    private long[] Allocate()
    {
        // Once per block, from whichever request counts first; a racing loser's array is dropped unused.
        var fresh = new long[(CounterStripes.Count + 1) * _stride];
        return Interlocked.CompareExchange(ref _cells, fresh, null) ?? fresh;
    }
}
