using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Security.Jwt;

/// <summary>
/// Verified tokens by their exact bytes, so a repeated token costs a hash, one compare and the
/// time/revocation checks instead of a signature verification. Bounded: a fixed array of
/// <see cref="Ways"/>-way buckets (set-associative, like a CPU cache); a new token replaces an empty,
/// expired or stale slot of its bucket, else a pseudo-random one. No lock: slots hold immutable
/// <see cref="VerifiedJwt"/> references, read and written atomically. No allocation on a hit.
///
/// Only tokens that verified are ever inserted, so crafted hash collisions cost an attacker valid
/// tokens, and a collision only evicts: a hit always compares the whole token.
/// </summary>
internal sealed class VerifiedJwtCache
{
    public const int Ways = 4;

    /// <summary>Bytes hashed from the token's end: inside the signature, which differs between any two
    /// verified tokens, so hashing the whole token would buy no spread. The full compare decides.</summary>
    private const int HashedTailBytes = 32;

    private readonly VerifiedJwt?[] _slots;
    private readonly int _buckets;
    private readonly ulong _seed;

    /// <param name="maxEntries">Upper bound on cached tokens (rounded down to whole buckets, at least one).</param>
    public VerifiedJwtCache(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _buckets = Math.Max(1, maxEntries / Ways);
        _slots = new VerifiedJwt?[_buckets * Ways];
        Span<byte> seed = stackalloc byte[8];
        RandomNumberGenerator.Fill(seed);
        _seed = BinaryPrimitives.ReadUInt64LittleEndian(seed);
    }

    public int Capacity => _slots.Length;

    public ulong Hash(ReadOnlySpan<byte> token) =>
        Hash64.Compute(token.Length > HashedTailBytes ? token[^HashedTailBytes..] : token, _seed ^ (ulong)token.Length);

    public VerifiedJwt? Find(ReadOnlySpan<byte> token, ulong hash)
    {
        var first = Bucket(hash);
        for (var i = first; i < first + Ways; i++)
        {
            var entry = Volatile.Read(ref _slots[i]);
            if (entry is not null && entry.TokenHash == hash && token.SequenceEqual(entry.Token)) return entry;
        }
        return null;
    }

    public void Add(VerifiedJwt jwt, long now, long generation)
    {
        var first = Bucket(jwt.TokenHash);
        var victim = first + (int)((jwt.TokenHash >> 8) % Ways);
        for (var i = first; i < first + Ways; i++)
        {
            var entry = Volatile.Read(ref _slots[i]);
            if (entry is null || entry.ExpiresAt <= now || entry.Generation != generation)
            {
                victim = i;
                break;
            }
        }
        Volatile.Write(ref _slots[victim], jwt);
    }

    /// <summary>Drops an entry found expired, unless another token has taken its slot meanwhile.</summary>
    public void Remove(VerifiedJwt jwt)
    {
        var first = Bucket(jwt.TokenHash);
        for (var i = first; i < first + Ways; i++) Interlocked.CompareExchange(ref _slots[i], null, jwt);
    }

    /// <summary>Occupied slots (an O(capacity) scan, for stats).</summary>
    public int Count()
    {
        var count = 0;
        foreach (var slot in _slots)
        {
            if (slot is not null) count++;
        }
        return count;
    }

    private int Bucket(ulong hash) => Hash64.Reduce((uint)(hash >> 32), _buckets) * Ways;
}
