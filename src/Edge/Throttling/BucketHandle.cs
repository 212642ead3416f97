namespace Edge.Throttling;

/// <summary>
/// One bucket as seen by one request: a cell in a <see cref="KeyedBucketTable"/> (or a
/// <see cref="TokenBucket"/>'s own cell) plus the limit that shapes it. A struct, created per request
/// without allocation.
/// </summary>
/// <remarks>
/// Lookups are lock-free, so a table may evict the key and hand the cell to another key between the
/// lookup and the take. The handle remembers the cell's generation and checks it after every write: a
/// take that landed on a cell that changed hands is refunded to the new owner, and the request is
/// answered as the evicted key's bucket would have been — a fresh, full one (eviction only forgets full
/// buckets, or lossy ones the table counted). At most the one token in flight goes unrecorded.
/// </remarks>
internal readonly struct BucketHandle
{
    private readonly BucketCell[] _cells;
    private readonly int _index;
    private readonly int _generation;

    internal BucketHandle(BucketCell[] cells, int index, int generation, ThrottleLimit limit)
    {
        _cells = cells;
        _index = index;
        _generation = generation;
        Limit = limit;
    }

    internal BucketHandle(TokenBucket bucket) : this(bucket.Cells, 0, 0, bucket.Limit)
    {
    }

    public ThrottleLimit Limit { get; }

    public bool IsDefault => _cells is null;

    public bool TryTake(long nowMicros, out BucketReading reading)
    {
        ref var cell = ref _cells[_index];
        var taken = TokenBucketMath.TryTake(ref cell.State, Limit, nowMicros, out reading);
        // The CAS (or the refusing read before it) is ordered before this read; an evictor bumps the
        // generation before it resets the state, so a take on a reset cell always sees the new generation.
        if (Volatile.Read(ref cell.Generation) == _generation) return taken;
        if (taken) TokenBucketMath.Refund(ref cell.State, Limit, nowMicros);
        reading = TokenBucketMath.Read(Limit, Limit.Cost, nowMicros);
        return true;
    }

    public bool Peek(long nowMicros, out BucketReading reading)
    {
        ref var cell = ref _cells[_index];
        var ok = TokenBucketMath.Peek(ref cell.State, Limit, nowMicros, out reading);
        if (Volatile.Read(ref cell.Generation) == _generation) return ok;
        reading = TokenBucketMath.Read(Limit, 0, nowMicros);
        return true;
    }

    /// <summary>Returns the token this handle took; skipped if the cell changed hands since.</summary>
    public void Refund(long nowMicros)
    {
        ref var cell = ref _cells[_index];
        if (Volatile.Read(ref cell.Generation) != _generation) return;
        TokenBucketMath.Refund(ref cell.State, Limit, nowMicros);
    }
}
