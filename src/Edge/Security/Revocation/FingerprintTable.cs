using System.Runtime.CompilerServices;

namespace Edge.Security.Revocation;

/// <summary>
/// The exact set behind the Bloom filter: 64-bit fingerprints with an expiry, in an open-addressing
/// table with linear probing. 12 bytes per slot (fingerprint + expiry as unsigned seconds), filled up
/// to <see cref="MaxLoad"/>, so 1,000,000 ids take about 14 MB. The high load is affordable because
/// the filter sends only its ~1 % false positives and true hits here.
///
/// Concurrency: one writer at a time (the owner's lock), readers without locks. A slot goes
/// empty → fingerprint (after its expiry is written) → tombstone, never back, and nothing is ever
/// moved, so a reader probing concurrently can miss only an entry still being added.
/// </summary>
internal sealed class FingerprintTable
{
    public const double MaxLoad = 0.85;
    private const ulong Empty = 0;
    private const ulong Tombstone = 1;

    private readonly ulong[] _fingerprints;
    private readonly uint[] _expiries;

    public FingerprintTable(int maxEntries)
    {
        MaxEntries = Math.Max(1, maxEntries);
        var slots = (int)Math.Min(Array.MaxLength, (long)Math.Ceiling(MaxEntries / MaxLoad) + 1);
        _fingerprints = new ulong[slots];
        _expiries = new uint[slots];
    }

    /// <summary>Live entries plus tombstones may not exceed this (the load bound).</summary>
    public int MaxEntries { get; }

    public int Count { get; private set; }

    public int Tombstones { get; private set; }

    public bool IsFull => Count + Tombstones >= MaxEntries;

    public long MemoryBytes => (long)_fingerprints.Length * (sizeof(ulong) + sizeof(uint));

    /// <summary>0 and 1 mark empty and deleted slots; a fingerprint there is moved out of their way
    /// (two ids then share a fingerprint with probability 2^-63: a refusal, never an acceptance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Normalize(ulong fingerprint) => fingerprint < 2 ? fingerprint + 2 : fingerprint;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong fingerprint) => IndexOf(Normalize(fingerprint)) >= 0;

    /// <summary>Adds or extends an entry (the later expiry wins). The caller ensures !<see cref="IsFull"/>.</summary>
    public void Add(ulong fingerprint, long expiresAt)
    {
        fingerprint = Normalize(fingerprint);
        var expiry = ToExpiry(expiresAt);
        var existing = IndexOf(fingerprint);
        if (existing >= 0)
        {
            if (expiry > _expiries[existing]) _expiries[existing] = expiry;
            return;
        }
        var i = Start(fingerprint);
        while (_fingerprints[i] > Tombstone) i = Next(i);
        if (_fingerprints[i] == Tombstone) Tombstones--;
        _expiries[i] = expiry;
        // Publish the fingerprint last: a reader that sees it also sees its expiry.
        Volatile.Write(ref _fingerprints[i], fingerprint);
        Count++;
    }

    /// <summary>Turns every entry that expired before <paramref name="now"/> into a tombstone; returns how many.</summary>
    public int RemoveExpired(long now)
    {
        var removed = 0;
        var cutoff = ToExpiry(now);
        for (var i = 0; i < _fingerprints.Length; i++)
        {
            if (_fingerprints[i] > Tombstone && _expiries[i] < cutoff)
            {
                Volatile.Write(ref _fingerprints[i], Tombstone);
                removed++;
            }
        }
        Count -= removed;
        Tombstones += removed;
        return removed;
    }

    /// <summary>Live entries, for a rebuild.</summary>
    public IEnumerable<(ulong Fingerprint, long ExpiresAt)> Entries()
    {
        for (var i = 0; i < _fingerprints.Length; i++)
        {
            if (_fingerprints[i] > Tombstone) yield return (_fingerprints[i], FromExpiry(_expiries[i]));
        }
    }

    private int IndexOf(ulong fingerprint)
    {
        var fingerprints = _fingerprints;
        for (var i = Start(fingerprint); ; i = Next(i))
        {
            var slot = Volatile.Read(ref fingerprints[i]);
            if (slot == fingerprint) return i;
            if (slot == Empty) return -1;
        }
    }

    /// <summary>Low 32 bits pick the slot; the Bloom filter uses the high ones, so the two stay independent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Start(ulong fingerprint) => Hash64.Reduce((uint)fingerprint, _fingerprints.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Next(int i) => ++i == _fingerprints.Length ? 0 : i;

    /// <summary>Unix seconds as uint (good to 2106); later or "never" saturates at uint.MaxValue.</summary>
    private static uint ToExpiry(long unixSeconds) => unixSeconds <= 0 ? 0 : unixSeconds >= uint.MaxValue ? uint.MaxValue : (uint)unixSeconds;

    private static long FromExpiry(uint expiry) => expiry == uint.MaxValue ? long.MaxValue : expiry;
}
