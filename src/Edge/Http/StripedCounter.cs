namespace Edge.Http;

/// <summary>
/// A monotonic counter striped per core (<see cref="CounterStripes"/>): increments from the request path
/// never contend on one cache line, and <see cref="Value"/> sums the stripes (a scrape, not the hot path).
/// Lives in Http so every layer — protocol loops, Security, Upstream — can count without reaching up to
/// Observability, which reads these at scrape time (DESIGN.md §2: lower layers report through counters).
/// </summary>
internal sealed class StripedCounter
{
    // Stripe i is cells[i * LongsPerLine]; the other longs of its line are padding. One extra line in
    // front keeps stripe 0 off whatever object header or neighbour precedes the array's data.
    private readonly long[] _cells = new long[(CounterStripes.Count + 1) * CounterStripes.LongsPerLine];

    public void Increment() => Interlocked.Increment(ref _cells[(CounterStripes.Current + 1) * CounterStripes.LongsPerLine]);

    public void Add(long value) => Interlocked.Add(ref _cells[(CounterStripes.Current + 1) * CounterStripes.LongsPerLine], value);

    /// <summary>The sum over all stripes. Each stripe is read atomically; the sum is a consistent-enough view for metrics.</summary>
    public long Value
    {
        get
        {
            long sum = 0;
            for (var i = 1; i <= CounterStripes.Count; i++) sum += Volatile.Read(ref _cells[i * CounterStripes.LongsPerLine]);
            return sum;
        }
    }
}
