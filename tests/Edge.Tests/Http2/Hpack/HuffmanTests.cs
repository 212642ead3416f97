using System.Text;
using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>RFC 7541 §5.2 and Appendix B: the code table, round trips, and every rejection rule.</summary>
public sealed class HuffmanTests
{
    [Fact]
    public void CodeTable_IsTheCanonicalCompleteCodeOfAppendixB()
    {
        var codes = HuffmanCode.Codes;
        var lengths = HuffmanCode.Lengths;
        Assert.Equal(257, codes.Length);
        Assert.Equal(257, lengths.Length);

        // Canonical: sorted by (length, symbol), each code is the previous + 1, shifted to the new length.
        var order = Enumerable.Range(0, 257).OrderBy(s => HuffmanCode.Lengths[s]).ThenBy(s => s).ToArray();
        ulong expected = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
                expected = (expected + 1) << (lengths[order[i]] - lengths[order[i - 1]]);
            Assert.Equal(expected, codes[order[i]]);
        }
        // Complete (Kraft sum exactly 1): every bit string is a code or a prefix of one.
        var kraft = Enumerable.Range(0, 257).Sum(s => Math.Pow(2, -HuffmanCode.Lengths[s]));
        Assert.Equal(1.0, kraft, 12);

        // Spot checks against the RFC's rows.
        Assert.Equal((0x1ff8u, (byte)13), (codes[0], lengths[0]));
        Assert.Equal((0x18u, (byte)6), (codes['/'], lengths['/']));
        Assert.Equal((0x7fff0u, (byte)19), (codes['\\'], lengths['\\']));
        Assert.Equal((0x3ffffeeu, (byte)26), (codes[255], lengths[255]));
        Assert.Equal((0x3fffffffu, (byte)30), (codes[HuffmanCode.Eos], lengths[HuffmanCode.Eos]));
    }

    [Theory]
    [InlineData("www.example.com", "f1e3c2e5f23a6ba0ab90f4ff")] // C.4.1
    [InlineData("no-cache", "a8eb10649cbf")]                    // C.4.2
    [InlineData("custom-key", "25a849e95ba97d7f")]              // C.4.3
    [InlineData("custom-value", "25a849e95bb8e8b4bf")]          // C.4.3
    [InlineData("302", "6402")]                                 // C.6.1
    [InlineData("private", "aec3771a4b")]                       // C.6.1
    [InlineData("Mon, 21 Oct 2013 20:13:21 GMT", "d07abe941054d444a8200595040b8166e082a62d1bff")] // C.6.1
    [InlineData("https://www.example.com", "9d29ad171863c78f0b97c8e9ae82ae43d3")]                // C.6.1
    [InlineData("gzip", "9bd9ab")]                              // C.6.3
    [InlineData("", "")]
    public void RfcExamples_EncodeAndDecode(string text, string hex)
    {
        var raw = Encoding.ASCII.GetBytes(text);
        var encoded = new byte[HuffmanEncoder.GetEncodedLength(raw)];
        Assert.Equal(encoded.Length, HuffmanEncoder.Encode(raw, encoded));
        Assert.Equal(hex, Convert.ToHexStringLower(encoded));

        var decoded = new byte[raw.Length];
        Assert.Equal(raw.Length, HuffmanDecoder.Decode(encoded, decoded));
        Assert.Equal(raw, decoded);
    }

    [Fact]
    public void All256Symbols_RoundTrip_AloneAndTogether()
    {
        for (var symbol = 0; symbol < 256; symbol++)
            AssertRoundTrip([(byte)symbol]);
        AssertRoundTrip(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        AssertRoundTrip(Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray());
        // Every symbol at every bit offset: prefix with 0..7 five-bit symbols.
        for (var shift = 0; shift < 8; shift++)
            AssertRoundTrip([.. Enumerable.Repeat((byte)'a', shift), .. Enumerable.Range(0, 256).Select(i => (byte)i)]);
    }

    [Fact]
    public void Random_RoundTrip()
    {
        var random = new Random(7541);
        for (var i = 0; i < 500; i++)
        {
            var data = new byte[random.Next(0, 200)];
            random.NextBytes(data);
            AssertRoundTrip(data);
        }
    }

    [Theory]
    [InlineData("ffffffff", "EOS (30 ones) then 2 bits of padding")]
    [InlineData("1fffffffff", "'a' (00011) then EOS")]
    [InlineData("fffffffc", "EOS followed by two zero bits")]
    public void Eos_IsRejected(string hex, string why)
    {
        var e = Assert.Throws<HpackException>(() => HuffmanDecoder.Decode(Convert.FromHexString(hex), new byte[16]));
        Assert.True(e.Error == HpackError.HuffmanEos, why);
    }

    [Theory]
    [InlineData("ff", "8 one-bits of padding")]
    [InlineData("1fff", "'a' + 11 one-bits")]
    [InlineData("ffff", "16 one-bits")]
    public void PaddingLongerThan7Bits_IsRejected(string hex, string why)
    {
        var e = Assert.Throws<HpackException>(() => HuffmanDecoder.Decode(Convert.FromHexString(hex), new byte[16]));
        Assert.True(e.Error == HpackError.HuffmanPaddingTooLong, why);
    }

    [Theory]
    [InlineData("18", "'a' (00011) + padding 000")]
    [InlineData("1e", "'a' + padding 110")]
    [InlineData("fe", "7 bits: 1111111 0 — a zero in the padding")]
    [InlineData("00", "'0' (00000) + padding 000")]
    public void PaddingNotAllOnes_IsRejected(string hex, string why)
    {
        var e = Assert.Throws<HpackException>(() => HuffmanDecoder.Decode(Convert.FromHexString(hex), new byte[16]));
        Assert.True(e.Error == HpackError.HuffmanPaddingNotOnes, why);
    }

    [Theory]
    [InlineData("1f", "a")]      // 'a' + 3 one-bits: valid padding
    [InlineData("07", "0")]      // '0' (00000) + 111
    [InlineData("fe3f", "!")]    // 10-bit code 1111111000 + 6 ones
    public void PaddingUpTo7Ones_IsAccepted(string hex, string text)
    {
        var destination = new byte[4];
        var n = HuffmanDecoder.Decode(Convert.FromHexString(hex), destination);
        Assert.Equal(text, Encoding.ASCII.GetString(destination, 0, n));
    }

    [Fact]
    public void TooSmallDestination_ReportsTrueLengthAndStillValidates()
    {
        var raw = Encoding.ASCII.GetBytes("hello, world");
        var encoded = new byte[HuffmanEncoder.GetEncodedLength(raw)];
        HuffmanEncoder.Encode(raw, encoded);
        var small = new byte[4];
        Assert.Equal(raw.Length, HuffmanDecoder.Decode(encoded, small));
        Assert.Equal("hell"u8.ToArray(), small);

        var bad = encoded.Concat(new byte[] { 0xFF }).ToArray(); // padding now too long
        Assert.Throws<HpackException>(() => HuffmanDecoder.Decode(bad, small));
    }

    private static void AssertRoundTrip(byte[] data)
    {
        var encoded = new byte[HuffmanEncoder.GetEncodedLength(data)];
        Assert.Equal(encoded.Length, HuffmanEncoder.Encode(data, encoded));
        var decoded = new byte[data.Length];
        Assert.Equal(data.Length, HuffmanDecoder.Decode(encoded, decoded));
        Assert.Equal(data, decoded);
    }
}
