using System.Buffers;
using System.Diagnostics;

namespace Edge.Http2.Hpack;

/// <summary>
/// RFC 7541 decoder for one direction of one HTTP/2 connection (it owns that direction's dynamic table).
/// <para>
/// <b>Input.</b> One complete header block as one contiguous span: the frame layer concatenates the
/// fragments of HEADERS/PUSH_PROMISE + CONTINUATION (RFC 9113 §4.3) into a buffer it bounds itself, then
/// calls <see cref="Decode{THandler}"/> once. A block that ends inside a representation is
/// <see cref="HpackError.Truncated"/>.
/// </para>
/// <para>
/// <b>Output.</b> Each field goes to <see cref="IHpackHeaderHandler.OnHeader"/> in order, as spans into
/// the block, the dynamic table or a scratch buffer (Huffman-decoded strings; entries that wrap around
/// the table's ring). The scratch buffer is rented from the shared pool only when a block needs it and
/// returned (its used part cleared: it held header values) before Decode returns, so an idle connection
/// holds no scratch, and steady state allocates nothing.
/// </para>
/// <para>
/// <b>Errors.</b> A malformed block throws <see cref="HpackException"/> (connection error
/// COMPRESSION_ERROR). A header list larger than <see cref="MaxHeaderListSize"/> (each field counts
/// name + value + 32, RFC 9113 §6.5.2) is checked as fields are produced: from the field that crosses
/// the limit on, nothing more is passed to the handler and no table entry is copied out for it, so a
/// small block that references a large entry many times (an "HPACK bomb") costs O(block) work, not
/// O(expanded list). The rest of the block is still parsed so the dynamic table stays in step with the
/// peer's, and <see cref="Decode{THandler}"/> returns <see cref="HpackError.HeaderListTooLarge"/>: the
/// caller refuses the stream (431 or RST_STREAM) and discards what the handler received; the connection
/// survives.
/// </para>
/// </summary>
internal sealed class HpackDecoder
{
    /// <summary>RFC 9113 §6.5.2: the initial SETTINGS_HEADER_TABLE_SIZE, before any SETTINGS is acknowledged.</summary>
    public const int DefaultHeaderTableSize = 4096;

    /// <summary>DESIGN.md §6: 16 KiB of header list after decoding.</summary>
    public const int DefaultMaxHeaderListSize = 16 * 1024;

    /// <summary>Sanity cap on the table size we may announce; nghttp2 and Kestrel default to 4 KiB.</summary>
    public const int MaxTableSizeLimit = 1 << 20;

    private readonly HpackDynamicTable _table;
    private int _maxHeaderListSize;
    private int _allowedTableSize;
    private int _smallestAnnounced = int.MaxValue;
    private bool _updateRequired;
    private byte[]? _scratch;
    private int _scratchLength;
    private int _scratchHighWater;

    /// <param name="maxHeaderListSize">SETTINGS_MAX_HEADER_LIST_SIZE we announce.</param>
    /// <param name="maxTableSize">Initial table size and limit; in HTTP/2 leave it at 4096 and call
    /// <see cref="SetMaxTableSize"/> when a SETTINGS_HEADER_TABLE_SIZE we sent is acknowledged.</param>
    public HpackDecoder(int maxHeaderListSize = DefaultMaxHeaderListSize, int maxTableSize = DefaultHeaderTableSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeaderListSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTableSize, MaxTableSizeLimit);
        _maxHeaderListSize = maxHeaderListSize;
        _allowedTableSize = maxTableSize;
        _table = new HpackDynamicTable(maxTableSize);
    }

    /// <summary>SETTINGS_MAX_HEADER_LIST_SIZE: the most name + value + 32 summed over one block's fields.</summary>
    public int MaxHeaderListSize
    {
        get => _maxHeaderListSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxHeaderListSize = value;
        }
    }

    /// <summary>The SETTINGS_HEADER_TABLE_SIZE in force: no size update may exceed it.</summary>
    public int AllowedTableSize => _allowedTableSize;

    /// <summary>The dynamic table (read-only use: tests and diagnostics).</summary>
    internal HpackDynamicTable DynamicTable => _table;

    /// <summary>
    /// Call when the peer acknowledges a SETTINGS_HEADER_TABLE_SIZE we sent. Raising it only allows
    /// larger size updates (the encoder need not use the room). Lowering it below the table's current
    /// maximum obliges the encoder to start its next block with a size update no larger than the
    /// smallest value announced since its last block (RFC 7541 §4.2); the next
    /// <see cref="Decode{THandler}"/> enforces that.
    /// </summary>
    public void SetMaxTableSize(int announced)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(announced);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(announced, MaxTableSizeLimit);
        if (announced < _table.MaxSize)
        {
            _updateRequired = true;
            _smallestAnnounced = Math.Min(_smallestAnnounced, announced);
        }
        _allowedTableSize = announced;
    }

    /// <summary>
    /// Decodes one complete header block, passing each field to <paramref name="handler"/>. Returns
    /// <see cref="HpackError.None"/> or <see cref="HpackError.HeaderListTooLarge"/>; throws
    /// <see cref="HpackException"/> for every other error. Not reentrant.
    /// </summary>
    public HpackError Decode<THandler>(ReadOnlySpan<byte> headerBlock, ref THandler handler)
        where THandler : IHpackHeaderHandler
    {
        var position = ReadTableSizeUpdates(headerBlock);
        long listSize = 0;
        try
        {
            while (position < headerBlock.Length)
            {
                int first = headerBlock[position];
                if (first >= 0x80)
                {
                    DecodeIndexed(headerBlock, ref position, ref handler, ref listSize);
                }
                else if (first >= 0x40)
                {
                    // 01xxxxxx: literal with incremental indexing, 6-bit name index (§6.2.1).
                    DecodeLiteral(headerBlock, ref position, 6, addToTable: true, HpackFlags.None, ref handler, ref listSize);
                }
                else if (first >= 0x20)
                {
                    // 001xxxxx: a size update is only allowed before the first field (§4.2).
                    HpackException.Throw(HpackError.TableSizeUpdateNotAtStart);
                }
                else
                {
                    // 0001xxxx never indexed (§6.2.3), 0000xxxx without indexing (§6.2.2): 4-bit name index.
                    var flags = first >= 0x10 ? HpackFlags.NeverIndexed : HpackFlags.None;
                    DecodeLiteral(headerBlock, ref position, 4, addToTable: false, flags, ref handler, ref listSize);
                }
            }
        }
        finally
        {
            ReturnScratch();
        }
        return listSize > _maxHeaderListSize ? HpackError.HeaderListTooLarge : HpackError.None;
    }

    // §4.2 / §6.3: zero or more updates, only at the start of the block, each no larger than the
    // announced limit; after we lowered the limit, the first must be there and be no larger than the
    // smallest value announced since the last block.
    private int ReadTableSizeUpdates(ReadOnlySpan<byte> block)
    {
        var position = 0;
        var seen = false;
        while (position < block.Length && (block[position] & 0xE0) == 0x20)
        {
            var size = HpackInteger.Decode(block, ref position, 5);
            var limit = !seen && _updateRequired ? _smallestAnnounced : _allowedTableSize;
            if (size > limit)
                HpackException.Throw(HpackError.TableSizeUpdateTooLarge);
            _table.SetMaxSize(size);
            seen = true;
        }
        if (_updateRequired)
        {
            if (!seen)
                HpackException.Throw(HpackError.TableSizeUpdateMissing);
            _updateRequired = false;
            _smallestAnnounced = int.MaxValue;
        }
        return position;
    }

    // 1xxxxxxx: indexed header field, 7-bit index (§6.1).
    private void DecodeIndexed<THandler>(ReadOnlySpan<byte> block, ref int position, ref THandler handler, ref long listSize)
        where THandler : IHpackHeaderHandler
    {
        var index = HpackInteger.Decode(block, ref position, 7);
        if (index <= HpackStaticTable.Count)
        {
            if (index == 0)
                HpackException.Throw(HpackError.ZeroIndex);
            Emit(ref handler, HpackStaticTable.Name(index), HpackStaticTable.Value(index), HpackFlags.None, ref listSize);
            return;
        }

        var dynamicIndex = index - HpackStaticTable.Count;
        if (dynamicIndex > _table.Count)
            HpackException.Throw(HpackError.IndexOutOfRange);
        if (listSize > _maxHeaderListSize)
            return; // over the limit: the bomb case, skip the copy as well as the callback
        if (_table.TryGetContiguous(dynamicIndex, out var name, out var value))
        {
            Emit(ref handler, name, value, HpackFlags.None, ref listSize);
            return;
        }
        var nameLength = _table.NameLength(dynamicIndex);
        var valueLength = _table.ValueLength(dynamicIndex);
        var scratch = Scratch();
        _table.CopyEntry(dynamicIndex, scratch);
        NoteScratchUse(nameLength + valueLength);
        Emit(ref handler, scratch[..nameLength], scratch.Slice(nameLength, valueLength), HpackFlags.None, ref listSize);
    }

    // Literal header field (§6.2): name by index or literal, then the value literal.
    private void DecodeLiteral<THandler>(ReadOnlySpan<byte> block, ref int position, int prefixBits, bool addToTable,
        HpackFlags flags, ref THandler handler, ref long listSize)
        where THandler : IHpackHeaderHandler
    {
        var nameIndex = HpackInteger.Decode(block, ref position, prefixBits);
        var scratchUsed = 0;
        var oversized = false;
        ReadOnlySpan<byte> name;
        if (nameIndex == 0)
            name = ReadString(block, ref position, ref scratchUsed, ref oversized);
        else
            name = IndexedName(nameIndex, copy: addToTable, ref scratchUsed);
        var value = ReadString(block, ref position, ref scratchUsed, ref oversized);

        if (oversized)
        {
            // Name + value exceed the scratch buffer, which is at least the header list limit and the
            // table size: the list is too large, and an entry this big would empty the table (§4.4).
            if (addToTable)
                _table.InsertOversized();
            listSize = long.MaxValue;
            return;
        }
        if (addToTable)
            _table.Insert(name, value);
        Emit(ref handler, name, value, flags, ref listSize);
    }

    private ReadOnlySpan<byte> IndexedName(int index, bool copy, scoped ref int scratchUsed)
    {
        if (index <= HpackStaticTable.Count)
            return HpackStaticTable.Name(index);
        var dynamicIndex = index - HpackStaticTable.Count;
        if (dynamicIndex > _table.Count)
            HpackException.Throw(HpackError.IndexOutOfRange);
        // The name is copied out when the entry wraps around the ring, and when this field is about to be
        // inserted: insertion may evict the very entry the name came from and overwrite its bytes (§4.4).
        if (!copy && _table.TryGetContiguous(dynamicIndex, out var name, out _))
            return name;
        var length = _table.NameLength(dynamicIndex);
        var scratch = Scratch();
        _table.CopyName(dynamicIndex, scratch);
        scratchUsed = length;
        NoteScratchUse(length);
        return scratch[..length];
    }

    // String literal (§5.2): H bit + 7-bit length, then raw octets or Huffman code. Raw strings stay in
    // the block; Huffman strings are decoded into the scratch buffer after what this field already uses.
    private ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, scoped ref int position, scoped ref int scratchUsed, scoped ref bool oversized)
    {
        if (position >= block.Length)
            HpackException.Throw(HpackError.Truncated);
        var huffman = (block[position] & 0x80) != 0;
        var length = HpackInteger.Decode(block, ref position, 7);
        if (length > block.Length - position)
            HpackException.Throw(HpackError.Truncated);
        var encoded = block.Slice(position, length);
        position += length;
        if (!huffman)
            return encoded;

        var room = Scratch()[scratchUsed..];
        var decodedLength = HuffmanDecoder.Decode(encoded, room);
        if (decodedLength > room.Length)
        {
            NoteScratchUse(_scratchLength);
            oversized = true;
            return default;
        }
        var decoded = room[..decodedLength];
        scratchUsed += decodedLength;
        NoteScratchUse(scratchUsed);
        return decoded;
    }

    private void Emit<THandler>(ref THandler handler, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags, ref long listSize)
        where THandler : IHpackHeaderHandler
    {
        if (listSize > _maxHeaderListSize)
            return;
        listSize += name.Length + value.Length + HpackDynamicTable.EntryOverhead;
        if (listSize > _maxHeaderListSize)
            return;
        handler.OnHeader(name, value, flags);
    }

    // The scratch buffer holds one field's decoded name and value. Its size is the largest of the header
    // list limit and the table sizes, so anything that does not fit is over every limit (see DecodeLiteral).
    private Span<byte> Scratch()
    {
        if (_scratch is null)
        {
            _scratchLength = Math.Max(_maxHeaderListSize, Math.Max(_allowedTableSize, _table.MaxSize));
            _scratch = ArrayPool<byte>.Shared.Rent(_scratchLength);
        }
        return _scratch.AsSpan(0, _scratchLength);
    }

    private void NoteScratchUse(int length)
    {
        if (length > _scratchHighWater)
            _scratchHighWater = length;
    }

    private void ReturnScratch()
    {
        var scratch = _scratch;
        if (scratch is null)
            return;
        Debug.Assert(_scratchHighWater <= _scratchLength);
        // Cleared before it goes back to the shared pool: it held header values (credentials, cookies).
        scratch.AsSpan(0, _scratchHighWater).Clear();
        _scratch = null;
        _scratchHighWater = 0;
        ArrayPool<byte>.Shared.Return(scratch);
    }
}
