namespace Edge.Http2.Hpack;

/// <summary>
/// Huffman encoder (RFC 7541 §5.2): codes are packed most significant bit first into a 64-bit
/// accumulator and flushed a byte at a time; the last byte is padded with the high bits of EOS (ones).
/// </summary>
internal static class HuffmanEncoder
{
    /// <summary>The encoded length in bytes, so the encoder can pick Huffman only when it is shorter.</summary>
    public static int GetEncodedLength(ReadOnlySpan<byte> source)
    {
        var lengths = HuffmanCode.Lengths;
        long bits = 0;
        foreach (var b in source)
            bits += lengths[b];
        return (int)((bits + 7) >> 3);
    }

    /// <summary>
    /// Encodes in one pass only if the result is at most <paramref name="maxLength"/> bytes; returns the
    /// bytes written, or -1 as soon as the output would be longer (the encoder then sends the raw string).
    /// </summary>
    public static int EncodeIfShorter(ReadOnlySpan<byte> source, Span<byte> destination, int maxLength)
    {
        if (maxLength <= 0)
            return -1;
        var codes = HuffmanCode.Codes;
        var lengths = HuffmanCode.Lengths;
        ulong accumulator = 0;
        var pending = 0;
        var written = 0;
        foreach (var b in source)
        {
            accumulator = (accumulator << lengths[b]) | codes[b];
            pending += lengths[b];
            while (pending >= 8)
            {
                if (written == maxLength)
                    return -1;
                pending -= 8;
                destination[written++] = (byte)(accumulator >> pending);
            }
        }
        if (pending > 0)
        {
            if (written == maxLength)
                return -1;
            destination[written++] = (byte)((accumulator << (8 - pending)) | (0xFFu >> pending));
        }
        return written;
    }

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="GetEncodedLength"/> bytes) and returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var codes = HuffmanCode.Codes;
        var lengths = HuffmanCode.Lengths;
        ulong accumulator = 0;
        var pending = 0; // bits in the accumulator not yet written: at most 7 + 30
        var written = 0;
        foreach (var b in source)
        {
            accumulator = (accumulator << lengths[b]) | codes[b];
            pending += lengths[b];
            while (pending >= 8)
            {
                pending -= 8;
                destination[written++] = (byte)(accumulator >> pending);
            }
        }
        if (pending > 0)
        {
            // §5.2: pad with the most significant bits of EOS, i.e. ones.
            destination[written++] = (byte)((accumulator << (8 - pending)) | (0xFFu >> pending));
        }
        return written;
    }
}
