using System.Diagnostics;

namespace Edge.Http2.Hpack;

/// <summary>
/// HPACK integers, RFC 7541 §5.1: an N-bit prefix (1..8) in the first byte, then 7-bit groups, least
/// significant first, while the high bit is set.
/// <code>
///   0   1   2   3   4   5   6   7
/// +---+---+---+---+---+---+---+---+
/// | ? | ? | ? | 1   1   1   1   1 |   prefix all ones: the value continues
/// +---+---+---+-------------------+
/// | 1 |    Value-(2^N-1) LSB      |
/// +---+---------------------------+
///                ...
/// +---+---------------------------+
/// | 0 |    Value-(2^N-1) MSB      |
/// +---+---------------------------+
/// </code>
/// Values are limited to 2^31-1 and to the 5 continuation bytes that needs; anything longer (including
/// redundant zero groups) is <see cref="HpackError.IntegerOverflow"/>, which §5.1 allows ("integer
/// encodings that exceed implementation limits ... MUST be treated as decoding errors").
/// </summary>
internal static class HpackInteger
{
    /// <summary>The most bytes an encoded int32 takes (1 prefix byte + 5 continuation bytes).</summary>
    public const int MaxLength = 6;

    /// <summary>
    /// Reads an integer whose first byte is <c>source[position]</c> (flag bits above the prefix are
    /// ignored) and advances <paramref name="position"/> past it.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, ref int position, int prefixBits)
    {
        Debug.Assert(prefixBits is >= 1 and <= 8);
        Debug.Assert(position < source.Length);
        var mask = (1 << prefixBits) - 1;
        var value = source[position++] & mask;
        if (value < mask)
            return value;

        long result = value;
        for (var shift = 0; ; shift += 7)
        {
            // shift 28 is the fifth continuation byte; a sixth can only add zeros or overflow.
            if (shift > 28)
                HpackException.Throw(HpackError.IntegerOverflow);
            if ((uint)position >= (uint)source.Length)
                HpackException.Throw(HpackError.Truncated);
            int b = source[position++];
            result += (long)(b & 0x7F) << shift;
            if (result > int.MaxValue)
                HpackException.Throw(HpackError.IntegerOverflow);
            if ((b & 0x80) == 0)
                return (int)result;
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> with an N-bit prefix; <paramref name="pattern"/> supplies the bits
    /// above the prefix in the first byte. Returns the bytes written. The destination must hold
    /// <see cref="MaxLength"/> bytes (or <see cref="GetLength"/>).
    /// </summary>
    public static int Encode(int value, int prefixBits, byte pattern, Span<byte> destination)
    {
        Debug.Assert(value >= 0);
        Debug.Assert(prefixBits is >= 1 and <= 8);
        var mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            destination[0] = (byte)(pattern | value);
            return 1;
        }

        destination[0] = (byte)(pattern | mask);
        var rest = (uint)(value - mask);
        var i = 1;
        while (rest >= 0x80)
        {
            destination[i++] = (byte)(rest | 0x80);
            rest >>= 7;
        }
        destination[i++] = (byte)rest;
        return i;
    }

    /// <summary>The number of bytes <see cref="Encode"/> writes for <paramref name="value"/>.</summary>
    public static int GetLength(int value, int prefixBits)
    {
        var mask = (1 << prefixBits) - 1;
        if (value < mask)
            return 1;
        var rest = (uint)(value - mask);
        var n = 2;
        while (rest >= 0x80)
        {
            rest >>= 7;
            n++;
        }
        return n;
    }
}
