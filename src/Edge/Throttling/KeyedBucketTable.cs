using System.Numerics;
using System.Security.Cryptography;

namespace Edge.Throttling;

/// <summary>
/// Buckets by key, bounded: at most <see cref="BucketTableOptions.MaxKeys"/> keys and a fixed byte budget
/// for them, whatever the keys an attacker sends. All buckets share one <see cref="ThrottleLimit"/>.
/// </summary>
/// <remarks>
/// <para>Layout (docs/throttling.md, "Bucket tables"): the keys are split over up to 64 shards by hash. A
/// shard is an open-addressing index (linear probing) over slots; a slot has its key's bytes in the shard's
/// arena and its bucket's state in a <see cref="BucketCell"/> segment that never moves, so a request can
/// CAS a bucket while the shard is being rearranged.</para>
/// <para>Reading an existing key takes no lock and allocates nothing: it probes under a per-shard sequence
/// number (a seqlock) and retries, or falls back to the shard lock, if a writer moved things meanwhile.
/// Inserting takes the shard lock; when the shard is full it first evicts one key (see
/// <see cref="Shard"/>'s eviction: a full bucket if it finds one, lossless; otherwise the one closest to
/// full, counted as <see cref="BucketTableCounters.EvictedActive"/>). There is no "table full" refusal.</para>
/// </remarks>
internal sealed partial class KeyedBucketTable
{
    private readonly Shard[] _shards;
    private readonly int _shardBits;

    public KeyedBucketTable(ThrottleLimit limit, BucketTableOptions options)
    {
        options.Validate();
        Limit = limit;
        Options = options;
        // Enough shards that one shard's rehash or compaction stays small (≈ 1,500 keys at the default
        // 100,000), but never more than there are keys; a power of two so the shard is a shift of the hash.
        var shardCount = (int)Math.Min(64, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, options.MaxKeys / 1024)));
        if (shardCount > options.MaxKeys) shardCount = 1;
        _shardBits = BitOperations.Log2((uint)shardCount);
        _shards = new Shard[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            // Split MaxKeys exactly: the first (MaxKeys % shards) shards take one more.
            var capacity = options.MaxKeys / shardCount + (i < options.MaxKeys % shardCount ? 1 : 0);
            _shards[i] = new Shard(this, capacity, options.KeyBytesPerKey);
        }
    }

    public ThrottleLimit Limit { get; }

    public BucketTableOptions Options { get; }

    public BucketTableCounters Counters { get; } = new();

    /// <summary>Keys held now (a sum over shards; approximate while inserts run).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards) count += shard.Count;
            return count;
        }
    }

    /// <summary>Bytes held in the table's arrays now; never more than <see cref="MaxMemoryBytes"/>.</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = 0;
            foreach (var shard in _shards) bytes += shard.MemoryBytes;
            return bytes;
        }
    }

    /// <summary>The most the table's arrays can ever hold, from the options alone.</summary>
    public long MaxMemoryBytes
    {
        get
        {
            long bytes = 0;
            foreach (var shard in _shards) bytes += shard.MaxMemoryBytes;
            return bytes;
        }
    }

    /// <summary>
    /// The key's bucket, added (full) if the key is new. Allocation-free for an existing key; an insert
    /// may grow the shard's arrays until they reach their bound, and never after.
    /// </summary>
    public BucketHandle GetOrAdd(ReadOnlySpan<byte> key, long nowMicros)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var stored = StoredForm(key, digest, out var digested);
        var hash = Hash(stored, digested);
        var shard = _shards[_shardBits == 0 ? 0 : (int)((uint)hash >> (32 - _shardBits))];
        return shard.TryFind(stored, digested, hash, out var handle) ? handle : shard.FindOrInsert(stored, digested, hash, nowMicros);
    }

    /// <summary>The key's bucket if the table holds the key (no insert).</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out BucketHandle handle)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var stored = StoredForm(key, digest, out var digested);
        var hash = Hash(stored, digested);
        var shard = _shards[_shardBits == 0 ? 0 : (int)((uint)hash >> (32 - _shardBits))];
        return shard.TryFind(stored, digested, hash, out handle) || shard.FindLocked(stored, digested, hash, out handle);
    }

    /// <summary>Looks up or adds the key and takes one token from its bucket.</summary>
    public bool TryTake(ReadOnlySpan<byte> key, long nowMicros, out BucketReading reading) =>
        GetOrAdd(key, nowMicros).TryTake(nowMicros, out reading);

    private static ReadOnlySpan<byte> StoredForm(ReadOnlySpan<byte> key, Span<byte> digest, out bool digested)
    {
        digested = key.Length > BucketTableOptions.MaxStoredKeyBytes;
        if (!digested) return key;
        SHA256.HashData(key, digest);
        return digest;
    }

    private static int Hash(ReadOnlySpan<byte> stored, bool digested)
    {
        // HashCode is seeded randomly per process, so an attacker cannot precompute colliding keys; and a
        // collision only lengthens a probe, it never merges buckets (full keys are compared).
        var hash = new HashCode();
        hash.AddBytes(stored);
        hash.Add(digested);
        return hash.ToHashCode();
    }
}
