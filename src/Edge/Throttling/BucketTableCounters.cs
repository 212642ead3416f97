namespace Edge.Throttling;

/// <summary>
/// What a <see cref="KeyedBucketTable"/> did, for /metrics. Updated only on the insert path (under a
/// shard lock, with Interlocked because shards run in parallel); a lookup of an existing key writes none.
/// </summary>
internal sealed class BucketTableCounters
{
    private long _inserts;
    private long _evictedIdle;
    private long _evictedActive;
    private long _digestedKeys;
    private long _compactions;

    /// <summary>Keys added (a new key, or one seen again after its eviction).</summary>
    public long Inserts => Volatile.Read(ref _inserts);

    /// <summary>Evictions of full buckets: lossless, a full bucket carries no information.</summary>
    public long EvictedIdle => Volatile.Read(ref _evictedIdle);

    /// <summary>
    /// Evictions of buckets that were not full, because the table was full of active keys: lossy (the key
    /// comes back with a full bucket). A steady rate here means max_keys is too small for the traffic.
    /// </summary>
    public long EvictedActive => Volatile.Read(ref _evictedActive);

    /// <summary>Keys longer than <see cref="BucketTableOptions.MaxStoredKeyBytes"/>, stored as a digest.</summary>
    public long DigestedKeys => Volatile.Read(ref _digestedKeys);

    /// <summary>Times a shard slid its live keys together to reclaim the bytes of evicted ones.</summary>
    public long Compactions => Volatile.Read(ref _compactions);

    internal void OnInsert() => Interlocked.Increment(ref _inserts);

    internal void OnEvicted(bool idle) => Interlocked.Increment(ref idle ? ref _evictedIdle : ref _evictedActive);

    internal void OnDigested() => Interlocked.Increment(ref _digestedKeys);

    internal void OnCompacted() => Interlocked.Increment(ref _compactions);
}
