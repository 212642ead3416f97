using System.Diagnostics;

namespace Edge.Http2.Hpack;

/// <summary>
/// The HPACK dynamic table (RFC 7541 §2.3.2, §4): entries in insertion order, newest at index 1,
/// evicted oldest-first so that the table's size (each entry: name + value + 32 bytes, §4.1) never
/// exceeds <see cref="MaxSize"/>.
/// <para>
/// Storage is a ring buffer over one byte array (names and values, back to back) plus a ring of entry
/// records. Because the size rule charges 32 bytes per entry on top of its bytes, entries always fit in
/// a ring of <see cref="MaxSize"/> bytes without extra eviction; the price is that an entry may wrap
/// around the end of the array, so readers get a contiguous span only when it does not
/// (<see cref="TryGetContiguous"/>) and copy otherwise. No allocation per entry; the arrays are
/// allocated on first insert, grow only when the maximum grows, and are never shrunk (an encoder that
/// clears the table with a size update of 0 at every block must not cause an allocation each time;
/// memory stays bounded by the largest size we ever allowed).
/// </para>
/// Each entry also has an absolute id (its insertion number), which the encoder's hash index uses to
/// refer to entries without being told about evictions: an id is live while it is ≥ <see cref="OldestId"/>.
/// </summary>
internal sealed class HpackDynamicTable
{
    /// <summary>Per-entry overhead charged by the size rule (RFC 7541 §4.1).</summary>
    public const int EntryOverhead = 32;

    private byte[] _bytes = [];
    private Entry[] _entries = [];
    private int _oldest;       // slot of the oldest entry in _entries
    private int _count;
    private int _size;
    private int _maxSize;
    private int _writeOffset;  // where the next entry's bytes start in _bytes
    private long _insertions;  // id of the next entry

    public HpackDynamicTable(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        _maxSize = maxSize;
    }

    public int Count => _count;

    /// <summary>Current size in RFC 7541 §4.1 terms (sum of name + value + 32 over the entries).</summary>
    public int Size => _size;

    public int MaxSize => _maxSize;

    /// <summary>Id of the oldest live entry (ids below it were evicted).</summary>
    public long OldestId => _insertions - _count;

    /// <summary>The id the next inserted entry will get.</summary>
    public long NextId => _insertions;

    /// <summary>The 1-based dynamic index (1 = newest) of the live entry with id <paramref name="id"/>.</summary>
    public int IndexOf(long id)
    {
        Debug.Assert(id >= OldestId && id < _insertions);
        return (int)(_insertions - id);
    }

    /// <summary>Sets the maximum size and evicts oldest entries until the table fits (RFC 7541 §4.3).</summary>
    public void SetMaxSize(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        _maxSize = maxSize;
        while (_size > maxSize)
            EvictOldest();
    }

    /// <summary>
    /// Adds an entry as the newest (RFC 7541 §4.4): evicts until it fits; an entry larger than the maximum
    /// empties the table and is not added. <paramref name="name"/> and <paramref name="value"/> must not
    /// point into this table (an evicted entry's bytes may be overwritten while copying), so a caller
    /// that took the name from the table copies it first.
    /// </summary>
    public void Insert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Debug.Assert(!name.Overlaps(_bytes) && !value.Overlaps(_bytes));
        var entrySize = (long)name.Length + value.Length + EntryOverhead;
        if (entrySize > _maxSize)
        {
            Clear();
            _insertions++; // ids stay unique even for an entry that was dropped at once
            return;
        }
        while (_size + entrySize > _maxSize)
            EvictOldest();
        if (_bytes.Length < _maxSize)
            Grow();
        if (_count == 0)
        {
            _oldest = 0;
            _writeOffset = 0; // restart at the front: fewer wrapped entries
        }

        var offset = _writeOffset;
        WriteRing(offset, name);
        WriteRing(Wrap(offset + name.Length), value);
        _writeOffset = Wrap(offset + name.Length + value.Length);
        _entries[WrapSlot(_oldest + _count)] = new Entry(offset, name.Length, value.Length);
        _count++;
        _size += (int)entrySize;
        _insertions++;
    }

    /// <summary>
    /// Records an entry whose bytes were never materialised because they exceed every limit (a Huffman
    /// string longer than the decoder's scratch buffer, which is at least <see cref="MaxSize"/>). Such an
    /// entry is larger than the table, so RFC 7541 §4.4 empties the table, exactly as <see cref="Insert"/> would.
    /// </summary>
    public void InsertOversized()
    {
        Clear();
        _insertions++;
    }

    public int NameLength(int index) => EntryAt(index).NameLength;

    public int ValueLength(int index) => EntryAt(index).ValueLength;

    /// <summary>Name and value as spans into the table when the entry does not wrap around the ring.</summary>
    public bool TryGetContiguous(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var e = EntryAt(index);
        if (e.Offset + e.NameLength + e.ValueLength <= _bytes.Length)
        {
            name = _bytes.AsSpan(e.Offset, e.NameLength);
            value = _bytes.AsSpan(e.Offset + e.NameLength, e.ValueLength);
            return true;
        }
        name = default;
        value = default;
        return false;
    }

    /// <summary>Copies the entry's name and then its value into <paramref name="destination"/>.</summary>
    public void CopyEntry(int index, Span<byte> destination)
    {
        var e = EntryAt(index);
        ReadRing(e.Offset, destination[..(e.NameLength + e.ValueLength)]);
    }

    public void CopyName(int index, Span<byte> destination)
    {
        var e = EntryAt(index);
        ReadRing(e.Offset, destination[..e.NameLength]);
    }

    public bool NameEquals(int index, ReadOnlySpan<byte> name)
    {
        var e = EntryAt(index);
        return e.NameLength == name.Length && RingEquals(e.Offset, name);
    }

    public bool ValueEquals(int index, ReadOnlySpan<byte> value)
    {
        var e = EntryAt(index);
        return e.ValueLength == value.Length && RingEquals(Wrap(e.Offset + e.NameLength), value);
    }

    private ref readonly Entry EntryAt(int index)
    {
        if ((uint)(index - 1) >= (uint)_count)
            throw new ArgumentOutOfRangeException(nameof(index)); // callers check the range first
        return ref _entries[WrapSlot(_oldest + _count - index)];
    }

    private void Clear()
    {
        _count = 0;
        _size = 0;
        _oldest = 0;
        _writeOffset = 0;
    }

    private void EvictOldest()
    {
        Debug.Assert(_count > 0);
        var e = _entries[_oldest];
        _size -= e.NameLength + e.ValueLength + EntryOverhead;
        _oldest = WrapSlot(_oldest + 1);
        _count--;
    }

    // Moves the live entries, oldest first, to the front of arrays sized for the new maximum. The entry
    // ring needs MaxSize / 32 slots: every entry is charged at least 32.
    private void Grow()
    {
        var bytes = new byte[_maxSize];
        var entries = new Entry[Math.Max(1, _maxSize / EntryOverhead)];
        var offset = 0;
        for (var i = 0; i < _count; i++)
        {
            var e = _entries[WrapSlot(_oldest + i)];
            var length = e.NameLength + e.ValueLength;
            ReadRing(e.Offset, bytes.AsSpan(offset, length));
            entries[i] = e with { Offset = offset };
            offset += length;
        }
        _bytes = bytes;
        _entries = entries;
        _oldest = 0;
        _writeOffset = Wrap(offset);
    }

    private int Wrap(int offset) => offset >= _bytes.Length ? offset - _bytes.Length : offset;

    private int WrapSlot(int slot) => slot >= _entries.Length ? slot - _entries.Length : slot;

    private void WriteRing(int offset, ReadOnlySpan<byte> source)
    {
        var first = Math.Min(source.Length, _bytes.Length - offset);
        source[..first].CopyTo(_bytes.AsSpan(offset));
        source[first..].CopyTo(_bytes);
    }

    private void ReadRing(int offset, Span<byte> destination)
    {
        var first = Math.Min(destination.Length, _bytes.Length - offset);
        _bytes.AsSpan(offset, first).CopyTo(destination);
        _bytes.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    private bool RingEquals(int offset, ReadOnlySpan<byte> other)
    {
        var first = Math.Min(other.Length, _bytes.Length - offset);
        return _bytes.AsSpan(offset, first).SequenceEqual(other[..first])
            && _bytes.AsSpan(0, other.Length - first).SequenceEqual(other[first..]);
    }

    private readonly record struct Entry(int Offset, int NameLength, int ValueLength);
}
