namespace Edge.Routing;

/// <summary>
/// A frozen open-addressing hash set of byte strings that maps a key to its index in the array it was
/// built from. Used for wide trie nodes and for exact hosts, where a linear scan would cost too much.
/// </summary>
/// <remarks>
/// Built once per snapshot and never mutated, so lookups need no locks and cannot be degraded by
/// request input (only configured keys are ever inserted).
/// </remarks>
internal sealed class ByteKeyTable
{
    private readonly byte[][] _keys;
    private readonly int[] _slots;   // index + 1 into _keys; 0 = empty
    private readonly uint[] _hashes; // per slot, to skip most key compares on collisions
    private readonly int _mask;

    public ByteKeyTable(byte[][] keys)
    {
        _keys = keys;

        // Load factor ≤ 0.5 keeps linear-probe chains short.
        var capacity = 4;
        while (capacity < keys.Length * 2)
        {
            capacity <<= 1;
        }

        _slots = new int[capacity];
        _hashes = new uint[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            var hash = Hash(keys[i]);
            var slot = (int)hash & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i + 1;
            _hashes[slot] = hash;
        }
    }

    /// <summary>Index of <paramref name="key"/> in the key array, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        var slot = (int)hash & _mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (_hashes[slot] == hash && key.SequenceEqual(_keys[entry - 1]))
            {
                return entry - 1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// FNV-1a with a final avalanche: segments are short (typically under 16 bytes), where a simple
    /// byte loop beats setting up a vectorized hash, and the mixing spreads the low bits we mask on.
    /// </summary>
    internal static uint Hash(ReadOnlySpan<byte> key)
    {
        var hash = 2166136261u;
        foreach (var b in key)
        {
            hash = (hash ^ b) * 16777619u;
        }

        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return hash;
    }
}
