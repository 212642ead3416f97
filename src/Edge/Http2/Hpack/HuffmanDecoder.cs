using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Hpack;

/// <summary>
/// Table-driven Huffman decoder (RFC 7541 §5.2, Appendix B). Input bits are kept left-aligned in a
/// 64-bit accumulator, refilled four bytes at a time. One lookup of the next 10 bits in a 1024-entry table
/// gives symbol and code length for every code of up to 10 bits (all letters, digits and common
/// punctuation: the whole of most header values), so the common case is one load per symbol rather
/// than a walk per bit or per nibble. Longer codes (11 to 30 bits) fall back to the canonical-code
/// rule: codes of one length are consecutive integers, so the length is the first L whose L-bit prefix
/// lies in that length's range. All tables are built from <see cref="HuffmanCode"/> at type
/// initialisation, so no hand-copied table can drift from the RFC.
/// <para>
/// Rejected, as §5.2 requires: the EOS symbol anywhere in the string; padding longer than 7 bits;
/// padding that is not the most significant bits of EOS (all ones). The end is detected when the next
/// code would need more bits than remain: those remaining bits are the padding.
/// </para>
/// </summary>
internal static class HuffmanDecoder
{
    private const int FastBits = 10;
    private const int MaxCodeLength = 30;

    // Field initialisers run in textual order and keep the type beforefieldinit (no static-constructor
    // checks on the hot path).
    private static readonly ushort[] Fast = BuildFast();                          // (length << 9) | symbol; 0 = longer code
    private static readonly uint[] FirstCode = new uint[MaxCodeLength + 1];       // canonical: first code of each length
    private static readonly ushort[] CodeCount = new ushort[MaxCodeLength + 1];
    private static readonly ushort[] FirstSymbolIndex = new ushort[MaxCodeLength + 1];
    private static readonly ushort[] SymbolsByCode = BuildCanonical(FirstCode, CodeCount, FirstSymbolIndex);

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/> and returns the decoded length.
    /// When that length exceeds <paramref name="destination"/>, only the first bytes are written and the
    /// rest is still decoded and validated: the caller learns the true length (it is over a limit) and
    /// invalid input is still an error.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var fast = Fast;
        ulong bits = 0;   // left-aligned: the next bit is bit 63
        var count = 0;    // valid bits in `bits`
        var next = 0;     // next source byte
        var written = 0;
        while (true)
        {
            if (count <= 32)
            {
                if (source.Length - next >= 4)
                {
                    // Four bytes at once: refills happen every few symbols instead of every symbol.
                    bits |= (ulong)BinaryPrimitives.ReadUInt32BigEndian(source[next..]) << (32 - count);
                    next += 4;
                    count += 32;
                }
                else
                {
                    while (count <= 56 && (uint)next < (uint)source.Length)
                    {
                        bits |= (ulong)source[next++] << (56 - count);
                        count += 8;
                    }
                }
            }
            if (count == 0)
                break;

            int entry = fast[(int)(bits >> (64 - FastBits))];
            int length, symbol;
            if (entry != 0)
            {
                length = entry >> 9;
                symbol = entry & 0x1FF;
            }
            else
            {
                (length, symbol) = DecodeLong(bits);
            }

            if (length > count)
            {
                // Fewer bits remain than the next code needs: they are padding. Bits past `count` are
                // zero, so a code matched there is never complete and lands here too.
                CheckPadding(bits, count);
                break;
            }
            if (symbol == HuffmanCode.Eos)
                HpackException.Throw(HpackError.HuffmanEos);
            if ((uint)written < (uint)destination.Length)
                destination[written] = (byte)symbol;
            written++;
            bits <<= length;
            count -= length;
        }
        return written;
    }

    // Codes longer than FastBits: find the length whose canonical range holds the prefix.
    private static (int Length, int Symbol) DecodeLong(ulong bits)
    {
        var top = (uint)(bits >> 32);
        for (var length = FastBits + 1; length <= MaxCodeLength; length++)
        {
            var offset = (top >> (32 - length)) - FirstCode[length];
            if (offset < CodeCount[length])
                return (length, SymbolsByCode[FirstSymbolIndex[length] + offset]);
        }
        Debug.Fail("the HPACK code is complete: every 30-bit string starts with a code");
        return (int.MaxValue, 0);
    }

    // §5.2: at most 7 bits, all ones (the most significant bits of EOS).
    private static void CheckPadding(ulong bits, int count)
    {
        var padding = count == 0 ? 0UL : bits >> (64 - count);
        var allOnes = count == 0 || padding == (1UL << count) - 1;
        if (!allOnes)
            HpackException.Throw(HpackError.HuffmanPaddingNotOnes);
        if (count > 7)
            HpackException.Throw(HpackError.HuffmanPaddingTooLong);
    }

    private static ushort[] BuildFast()
    {
        var table = new ushort[1 << FastBits];
        var codes = HuffmanCode.Codes;
        var lengths = HuffmanCode.Lengths;
        for (var symbol = 0; symbol < HuffmanCode.Eos; symbol++)
        {
            int length = lengths[symbol];
            if (length > FastBits)
                continue;
            // Every FastBits-bit string that starts with this code.
            var first = (int)(codes[symbol] << (FastBits - length));
            for (var i = 0; i < 1 << (FastBits - length); i++)
                table[first + i] = (ushort)((length << 9) | symbol);
        }
        return table;
    }

    private static ushort[] BuildCanonical(uint[] firstCode, ushort[] codeCount, ushort[] firstSymbolIndex)
    {
        var lengths = HuffmanCode.Lengths;
        var codes = HuffmanCode.Codes;
        var symbols = new ushort[HuffmanCode.Eos + 1];
        var n = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            firstSymbolIndex[length] = (ushort)n;
            for (var symbol = 0; symbol <= HuffmanCode.Eos; symbol++)
            {
                if (lengths[symbol] != length)
                    continue;
                if (codeCount[length] == 0)
                    firstCode[length] = codes[symbol];
                Debug.Assert(codes[symbol] == firstCode[length] + codeCount[length], "Appendix B is canonical");
                codeCount[length]++;
                symbols[n++] = (ushort)symbol;
            }
        }
        return symbols;
    }
}
