using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.Security.Revocation;

/// <summary>
/// A blocked Bloom filter (Putze, Sanders, Singler 2007): every key sets its <see cref="HashCount"/>
/// bits inside one 64-byte block, so a lookup touches one cache line whatever k is. It answers "maybe
/// revoked" or "certainly not"; the exact <see cref="FingerprintTable"/> behind it settles the maybes.
/// At <see cref="DefaultBitsPerEntry"/> bits per key the false-positive rate is about 1 % (measured in
/// the tests), i.e. 99 % of checks end after one cache line and never reach the table.
/// Bits are only ever set, so concurrent readers see a monotone filter; deleting needs a rebuild.
/// </summary>
internal sealed class BlockedBloomFilter
{
    public const int BlockBytes = 64;
    private const int WordsPerBlock = BlockBytes / sizeof(ulong);

    /// <summary>Seven 9-bit positions come out of one 64-bit mix; seven is also near-optimal at 10 bits per key.</summary>
    public const int HashCount = 7;

    public const int DefaultBitsPerEntry = 10;

    private readonly ulong[] _words;
    private readonly int _blocks;

    public BlockedBloomFilter(int expectedEntries, int bitsPerEntry = DefaultBitsPerEntry)
    {
        var bits = Math.Max(1L, expectedEntries) * bitsPerEntry;
        _blocks = (int)Math.Max(1, (bits + BlockBytes * 8 - 1) / (BlockBytes * 8));
        _words = new ulong[(long)_blocks * WordsPerBlock];
    }

    public long MemoryBytes => (long)_words.Length * sizeof(ulong);

    /// <summary>Called by the single writer; a racing reader may not see the bits yet, which only
    /// means the revocation applies from its next check.</summary>
    public void Add(ulong fingerprint)
    {
        var block = Block(fingerprint);
        var positions = Hash64.Mix(fingerprint);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = (int)(positions >> (64 - 9));
            positions <<= 9;
            _words[block + (bit >> 6)] |= 1UL << (bit & 63);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ulong fingerprint)
    {
        var block = Block(fingerprint);
        var positions = Hash64.Mix(fingerprint);
        var words = _words;
        for (var i = 0; i < HashCount; i++)
        {
            var bit = (int)(positions >> (64 - 9));
            positions <<= 9;
            if ((words[block + (bit >> 6)] & (1UL << (bit & 63))) == 0) return false;
        }
        return true;
    }

    /// <summary>
    /// The expected false-positive rate for a key not in the filter, from the actual fill: the mean over
    /// blocks of (bits set / 512)^k. O(size); for stats, not the hot path.
    /// </summary>
    public double EstimateFalsePositiveRate()
    {
        double sum = 0;
        for (var b = 0; b < _blocks; b++)
        {
            var set = 0;
            for (var w = 0; w < WordsPerBlock; w++) set += BitOperations.PopCount(_words[b * WordsPerBlock + w]);
            sum += Math.Pow(set / (double)(BlockBytes * 8), HashCount);
        }
        return sum / _blocks;
    }

    /// <summary>The first word of the key's block; the high 32 bits pick the block (the exact table uses the low ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Block(ulong fingerprint) => Hash64.Reduce((uint)(fingerprint >> 32), _blocks) * WordsPerBlock;
}
