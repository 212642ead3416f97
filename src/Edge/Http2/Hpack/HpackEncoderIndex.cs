using System.Diagnostics;

namespace Edge.Http2.Hpack;

/// <summary>
/// Hash index over the encoder's dynamic table, so finding a name or a name+value costs one bucket walk
/// instead of a scan of every entry. Two chained hash tables (by name, by name+value) link entries by
/// their absolute id, newest first. Eviction needs no bookkeeping: the table evicts oldest-first, so
/// along any chain the evicted entries are exactly the tail past the first id below
/// <see cref="HpackDynamicTable.OldestId"/>, and a walk stops there. A live id owns slot
/// <c>id &amp; slotMask</c>: at most <c>slots</c> entries are live at once, so live ids never share a slot.
/// Hashes are <see cref="HashCode"/> (randomly seeded per process), so a peer cannot aim collisions.
/// </summary>
internal sealed class HpackEncoderIndex
{
    private readonly int _slotMask;
    private readonly int _bucketMask;
    private readonly long[] _nameHeads;   // bucket -> id + 1 of the newest entry in it (0 = none)
    private readonly long[] _valueHeads;
    private readonly long[] _nameNext;    // slot -> id + 1 of the next older entry in its name bucket
    private readonly long[] _valueNext;
    private readonly int[] _nameHashes;
    private readonly int[] _valueHashes;

    /// <param name="maxEntries">The most entries the table can hold at once (its largest size / 32).</param>
    public HpackEncoderIndex(int maxEntries)
    {
        var slots = (int)Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)maxEntries));
        _slotMask = slots - 1;
        _bucketMask = slots * 2 - 1; // load factor at most 1/2
        _nameHeads = new long[slots * 2];
        _valueHeads = new long[slots * 2];
        _nameNext = new long[slots];
        _valueNext = new long[slots];
        _nameHashes = new int[slots];
        _valueHashes = new int[slots];
    }

    public static int HashName(ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.AddBytes(name);
        return hash.ToHashCode();
    }

    public static int HashField(int nameHash, ReadOnlySpan<byte> value)
    {
        var hash = new HashCode();
        hash.Add(nameHash);
        hash.AddBytes(value);
        return hash.ToHashCode();
    }

    /// <summary>Records the entry just inserted into the table with id <paramref name="id"/>.</summary>
    public void Add(long id, int nameHash, int fieldHash)
    {
        var slot = (int)(id & _slotMask);
        var nameBucket = nameHash & _bucketMask;
        var valueBucket = fieldHash & _bucketMask;
        _nameNext[slot] = _nameHeads[nameBucket];
        _nameHeads[nameBucket] = id + 1;
        _valueNext[slot] = _valueHeads[valueBucket];
        _valueHeads[valueBucket] = id + 1;
        _nameHashes[slot] = nameHash;
        _valueHashes[slot] = fieldHash;
    }

    /// <summary>The dynamic index (1 = newest) of an entry equal to (name, value), or 0.</summary>
    public int FindField(HpackDynamicTable table, int fieldHash, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var oldest = table.OldestId;
        for (var link = _valueHeads[fieldHash & _bucketMask]; link > oldest; )
        {
            var id = link - 1;
            var slot = (int)(id & _slotMask);
            if (_valueHashes[slot] == fieldHash)
            {
                var index = table.IndexOf(id);
                if (table.NameEquals(index, name) && table.ValueEquals(index, value))
                    return index;
            }
            Debug.Assert(_valueNext[slot] < link, "chains run from newer to older ids");
            link = _valueNext[slot];
        }
        return 0;
    }

    /// <summary>The dynamic index (1 = newest) of an entry named <paramref name="name"/>, or 0.</summary>
    public int FindName(HpackDynamicTable table, int nameHash, ReadOnlySpan<byte> name)
    {
        var oldest = table.OldestId;
        for (var link = _nameHeads[nameHash & _bucketMask]; link > oldest; )
        {
            var id = link - 1;
            var slot = (int)(id & _slotMask);
            if (_nameHashes[slot] == nameHash)
            {
                var index = table.IndexOf(id);
                if (table.NameEquals(index, name))
                    return index;
            }
            link = _nameNext[slot];
        }
        return 0;
    }
}
