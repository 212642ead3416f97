namespace Edge.Http2.Hpack;

/// <summary>
/// Why a header block could not be decoded. Every value except <see cref="HeaderListTooLarge"/> is a
/// decoding error in the sense of RFC 7541 §2.3 / RFC 9113 §4.3: the compression context is unusable,
/// so HTTP/2 must end the connection with COMPRESSION_ERROR. Those are thrown as
/// <see cref="HpackException"/>. <see cref="HeaderListTooLarge"/> is returned instead: the decoder
/// finished the block and its dynamic table is still in step with the peer's, so only the stream fails.
/// </summary>
internal enum HpackError : byte
{
    None = 0,

    /// <summary>The block ends inside a representation (RFC 7541 §6: truncated integer or string).</summary>
    Truncated,

    /// <summary>An integer exceeds 2^31-1 or uses more continuation bytes than that needs (RFC 7541 §5.1).</summary>
    IntegerOverflow,

    /// <summary>Index 0 (RFC 7541 §6.1: "The index value of 0 is not used").</summary>
    ZeroIndex,

    /// <summary>An index past the static and dynamic tables (RFC 7541 §2.3.3).</summary>
    IndexOutOfRange,

    /// <summary>A Huffman string contains the EOS symbol (RFC 7541 §5.2).</summary>
    HuffmanEos,

    /// <summary>Huffman padding longer than 7 bits (RFC 7541 §5.2).</summary>
    HuffmanPaddingTooLong,

    /// <summary>Huffman padding that is not a prefix of EOS, i.e. not all one-bits (RFC 7541 §5.2).</summary>
    HuffmanPaddingNotOnes,

    /// <summary>A dynamic table size update above the SETTINGS_HEADER_TABLE_SIZE we announced (RFC 7541 §6.3).</summary>
    TableSizeUpdateTooLarge,

    /// <summary>A dynamic table size update after the first header field of a block (RFC 7541 §4.2).</summary>
    TableSizeUpdateNotAtStart,

    /// <summary>We lowered SETTINGS_HEADER_TABLE_SIZE below the table's size and the next block did not start
    /// with the dynamic table size update RFC 7541 §4.2 requires.</summary>
    TableSizeUpdateMissing,

    /// <summary>The decoded header list exceeds SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2, §10.5.1).
    /// Not a compression error: returned, never thrown.</summary>
    HeaderListTooLarge,
}
