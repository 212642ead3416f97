using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>Builds header blocks representation by representation (RFC 7541 §6), for negative tests.</summary>
internal static class HpackBlock
{
    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Integer(int value, int prefix, byte pattern)
    {
        var buffer = new byte[HpackInteger.MaxLength];
        return buffer[..HpackInteger.Encode(value, prefix, pattern, buffer)];
    }

    /// <summary>§6.3 dynamic table size update.</summary>
    public static byte[] SizeUpdate(int size) => Integer(size, 5, 0x20);

    /// <summary>§6.1 indexed field.</summary>
    public static byte[] Indexed(int index) => Integer(index, 7, 0x80);

    /// <summary>§6.2.1 literal with incremental indexing, indexed name.</summary>
    public static byte[] Incremental(int nameIndex, string value) => Concat(Integer(nameIndex, 6, 0x40), Raw(value));

    /// <summary>§6.2.1 literal with incremental indexing, literal name.</summary>
    public static byte[] Incremental(string name, string value) => Concat([0x40], Raw(name), Raw(value));

    /// <summary>§6.2.2 literal without indexing, indexed name.</summary>
    public static byte[] WithoutIndexing(int nameIndex, string value) => Concat(Integer(nameIndex, 4, 0x00), Raw(value));

    /// <summary>§6.2.3 literal never indexed, literal name.</summary>
    public static byte[] NeverIndexed(string name, string value) => Concat([0x10], Raw(name), Raw(value));

    /// <summary>§5.2 raw string literal.</summary>
    public static byte[] Raw(string s) => Concat(Integer(s.Length, 7, 0x00), Hpack.Bytes(s));

    /// <summary>§5.2 Huffman string literal.</summary>
    public static byte[] Huffman(byte[] raw)
    {
        var encoded = new byte[HuffmanEncoder.GetEncodedLength(raw)];
        HuffmanEncoder.Encode(raw, encoded);
        return Concat(Integer(encoded.Length, 7, 0x80), encoded);
    }

    /// <summary>§5.2 Huffman string literal with arbitrary (possibly invalid) code bytes.</summary>
    public static byte[] HuffmanBytes(byte[] code) => Concat(Integer(code.Length, 7, 0x80), code);
}
