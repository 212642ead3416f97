using System.Buffers;

namespace Edge.Http2.Hpack;

/// <summary>
/// RFC 7541 encoder for one direction of one HTTP/2 connection (it owns that direction's dynamic table).
/// Per field, in order of preference: a full match in the static table, then in the dynamic table
/// (one indexed byte or a few); otherwise a literal with the name indexed when the static or dynamic
/// table has it, added to the dynamic table or not as <see cref="HpackIndexingPolicy"/> decides.
/// Each string is Huffman-coded only when that is strictly shorter (§5.2).
/// <para>
/// Usage per header block: <see cref="BeginHeaderBlock(Span{byte})"/> (emits any pending dynamic table
/// size update, §4.2), then <see cref="EncodeHeader(ReadOnlySpan{byte}, ReadOnlySpan{byte}, HpackFlags, Span{byte})"/>
/// per field. Names must already be lower case (RFC 9113 §8.2.1); the encoder does not change bytes.
/// The destination must hold <see cref="GetMaxEncodedLength"/> bytes, checked before any state
/// changes, so a too-small buffer never leaves the table out of step with the peer's. Nothing is
/// allocated per field; the table's arrays and the hash index are allocated once, on first insert.
/// </para>
/// </summary>
internal sealed class HpackEncoder
{
    /// <summary>Our cap on the table the peer lets us use (nghttp2's and Kestrel's default).</summary>
    public const int DefaultMaxTableSize = 4096;

    /// <summary>Bytes a field can take beyond its name and value: prefix byte and index (4 bytes for
    /// any index this encoder can produce) plus two string lengths of up to 6 bytes.</summary>
    public const int MaxFieldOverhead = 16;

    /// <summary>The most bytes <see cref="BeginHeaderBlock(Span{byte})"/> writes: two size updates.</summary>
    public const int MaxTableSizeUpdateLength = 2 * HpackInteger.MaxLength;

    private const int ProtocolInitialTableSize = 4096; // RFC 9113 §6.5.2: the peer's decoder starts here

    private readonly HpackDynamicTable _table;
    private readonly int _tableSizeLimit;
    private HpackEncoderIndex? _index;
    private bool _updatePending;
    private int _pendingSmallest;
    private int _pendingFinal;

    /// <param name="maxTableSize">The most dynamic table we are willing to keep, whatever the peer allows.</param>
    public HpackEncoder(int maxTableSize = DefaultMaxTableSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTableSize, HpackDecoder.MaxTableSizeLimit);
        _tableSizeLimit = maxTableSize;
        var initial = Math.Min(maxTableSize, ProtocolInitialTableSize);
        _table = new HpackDynamicTable(initial);
        if (initial != ProtocolInitialTableSize)
            NoteTableSizeChange(initial); // the peer assumes 4096 until told otherwise
    }

    /// <summary>The dynamic table (read-only use: tests and diagnostics).</summary>
    internal HpackDynamicTable DynamicTable => _table;

    /// <summary>Upper bound on the bytes one field takes; the destination passed to EncodeHeader must hold this many.</summary>
    public static int GetMaxEncodedLength(int nameLength, int valueLength) =>
        checked(nameLength + valueLength + MaxFieldOverhead);

    /// <summary>
    /// Call when the peer's SETTINGS_HEADER_TABLE_SIZE arrives. The table shrinks at once; the size
    /// updates are written by the next <see cref="BeginHeaderBlock(Span{byte})"/>: when the size changed
    /// more than once since the last block, the smallest value first, then the final one (§4.2).
    /// </summary>
    public void SetPeerMaxTableSize(uint settingsValue)
    {
        var effective = (int)Math.Min(settingsValue, (uint)_tableSizeLimit);
        if (effective == _table.MaxSize)
            return;
        _table.SetMaxSize(effective);
        NoteTableSizeChange(effective);
    }

    /// <summary>Starts a header block: writes the pending dynamic table size updates, if any. Returns the bytes written.</summary>
    public int BeginHeaderBlock(Span<byte> destination)
    {
        if (!_updatePending)
            return 0;
        if (destination.Length < MaxTableSizeUpdateLength)
            throw new ArgumentException($"needs {MaxTableSizeUpdateLength} bytes", nameof(destination));
        var written = 0;
        if (_pendingSmallest < _pendingFinal)
            written = HpackInteger.Encode(_pendingSmallest, 5, 0x20, destination);
        written += HpackInteger.Encode(_pendingFinal, 5, 0x20, destination[written..]);
        _updatePending = false;
        return written;
    }

    public void BeginHeaderBlock(IBufferWriter<byte> output)
    {
        if (!_updatePending)
            return;
        output.Advance(BeginHeaderBlock(output.GetSpan(MaxTableSizeUpdateLength)));
    }

    public void EncodeHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(GetMaxEncodedLength(name.Length, value.Length));
        output.Advance(EncodeHeader(name, value, flags, span));
    }

    /// <summary>Encodes one field into <paramref name="destination"/> and returns the bytes written.</summary>
    public int EncodeHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags, Span<byte> destination)
    {
        if (destination.Length < GetMaxEncodedLength(name.Length, value.Length))
            throw new ArgumentException("destination shorter than GetMaxEncodedLength", nameof(destination));

        var staticIndex = HpackStaticTable.FindName(name);
        var indexing = HpackIndexingPolicy.Decide(staticIndex, name, value.Length, flags, _table.MaxSize);

        // A never-indexed field is always sent as such (§6.2.3), even when an equal entry exists.
        if (indexing != HpackIndexing.NeverIndexed && staticIndex != 0)
        {
            var full = HpackStaticTable.FindValue(staticIndex, value);
            if (full != 0)
                return HpackInteger.Encode(full, 7, 0x80, destination);
        }

        var nameIndex = staticIndex;
        var nameHash = 0;
        var fieldHash = 0;
        // Only fields the policy indexes can be in the table (the policy depends on the name and size alone).
        if (indexing == HpackIndexing.Incremental)
        {
            nameHash = HpackEncoderIndex.HashName(name);
            fieldHash = HpackEncoderIndex.HashField(nameHash, value);
            if (_index is not null && _table.Count > 0)
            {
                var found = _index.FindField(_table, fieldHash, name, value);
                if (found != 0)
                    return HpackInteger.Encode(HpackStaticTable.Count + found, 7, 0x80, destination);
                if (nameIndex == 0)
                    nameIndex = DynamicNameIndex(nameHash, name);
            }
        }
        else if (nameIndex == 0 && _index is not null && _table.Count > 0)
        {
            nameIndex = DynamicNameIndex(HpackEncoderIndex.HashName(name), name);
        }

        var written = WriteLiteral(indexing, nameIndex, name, value, destination);
        if (indexing == HpackIndexing.Incremental)
        {
            var id = _table.NextId;
            _table.Insert(name, value);
            _index ??= new HpackEncoderIndex(Math.Max(1, _tableSizeLimit / HpackDynamicTable.EntryOverhead));
            _index.Add(id, nameHash, fieldHash);
        }
        return written;
    }

    private int DynamicNameIndex(int nameHash, ReadOnlySpan<byte> name)
    {
        var found = _index!.FindName(_table, nameHash, name);
        return found == 0 ? 0 : HpackStaticTable.Count + found;
    }

    // §6.2: 01 + 6-bit index (incremental), 0000 + 4-bit (without), 0001 + 4-bit (never); index 0 means
    // the name follows as a string literal.
    private static int WriteLiteral(HpackIndexing indexing, int nameIndex, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var written = indexing switch
        {
            HpackIndexing.Incremental => HpackInteger.Encode(nameIndex, 6, 0x40, destination),
            HpackIndexing.NeverIndexed => HpackInteger.Encode(nameIndex, 4, 0x10, destination),
            _ => HpackInteger.Encode(nameIndex, 4, 0x00, destination),
        };
        if (nameIndex == 0)
            written += WriteString(name, destination[written..]);
        written += WriteString(value, destination[written..]);
        return written;
    }

    // §5.2: H bit + 7-bit length + octets; Huffman only when strictly shorter.
    private static int WriteString(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (value.Length <= 127)
        {
            // A Huffman string shorter than 127 bytes has a one-byte length prefix, so encode straight
            // after it in one pass and give up as soon as it is not shorter than the raw string.
            var encoded = HuffmanEncoder.EncodeIfShorter(value, destination[1..], value.Length - 1);
            if (encoded >= 0)
            {
                destination[0] = (byte)(0x80 | encoded);
                return 1 + encoded;
            }
        }
        else
        {
            var huffmanLength = HuffmanEncoder.GetEncodedLength(value);
            if (huffmanLength < value.Length)
            {
                var written = HpackInteger.Encode(huffmanLength, 7, 0x80, destination);
                return written + HuffmanEncoder.Encode(value, destination[written..]);
            }
        }
        var prefix = HpackInteger.Encode(value.Length, 7, 0x00, destination);
        value.CopyTo(destination[prefix..]);
        return prefix + value.Length;
    }

    private void NoteTableSizeChange(int size)
    {
        _pendingSmallest = _updatePending ? Math.Min(_pendingSmallest, size) : size;
        _pendingFinal = size;
        _updatePending = true;
    }
}
