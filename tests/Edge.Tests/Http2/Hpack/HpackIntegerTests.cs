using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>RFC 7541 §5.1 integers: Appendix C.1 examples, every prefix at its edges, and the overflow bound.</summary>
public sealed class HpackIntegerTests
{
    [Theory]
    [InlineData(10, 5, "0a")]        // C.1.1
    [InlineData(1337, 5, "1f9a0a")]  // C.1.2
    [InlineData(42, 8, "2a")]        // C.1.3
    [InlineData(0, 1, "00")]
    [InlineData(1, 1, "0100")]       // 1-bit prefix: 1 = 2^1-1 already needs a continuation byte
    [InlineData(31, 5, "1f00")]      // exactly 2^N-1: prefix full, continuation 0
    [InlineData(30, 5, "1e")]
    [InlineData(158, 5, "1f7f")]     // 31 + 127: largest value with one continuation byte
    [InlineData(159, 5, "1f8001")]
    [InlineData(254, 8, "fe")]
    [InlineData(255, 8, "ff00")]
    [InlineData(int.MaxValue, 8, "ff80feffff07")]
    [InlineData(int.MaxValue, 1, "01feffffff07")]
    public void EncodesAndDecodesKnownValues(int value, int prefix, string hex)
    {
        var buffer = new byte[HpackInteger.MaxLength];
        var written = HpackInteger.Encode(value, prefix, 0, buffer);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.Equal(written, HpackInteger.GetLength(value, prefix));

        var position = 0;
        Assert.Equal(value, HpackInteger.Decode(buffer.AsSpan(0, written), ref position, prefix));
        Assert.Equal(written, position);
    }

    public static TheoryData<int> Prefixes() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void EveryPrefix_RoundTripsEdgeValuesAndKeepsFlagBits(int prefix)
    {
        var mask = (1 << prefix) - 1;
        var pattern = (byte)(0xFF << prefix); // all flag bits set: decode must ignore them
        int[] values = [0, 1, mask - 1, mask, mask + 1, mask + 127, mask + 128, 16383, 1 << 21, (1 << 28) + 5, int.MaxValue - 1, int.MaxValue];
        foreach (var value in values.Where(v => v >= 0))
        {
            var buffer = new byte[HpackInteger.MaxLength + 1];
            var written = HpackInteger.Encode(value, prefix, pattern, buffer);
            Assert.Equal(pattern, (byte)(buffer[0] & pattern));
            var position = 0;
            Assert.Equal(value, HpackInteger.Decode(buffer, ref position, prefix));
            Assert.Equal(written, position);
        }
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void ValueAboveInt32_IsOverflow(int prefix)
    {
        var bytes = EncodeLong((long)int.MaxValue + 1, prefix);
        var position = 0;
        var e = Assert.Throws<HpackException>(() => HpackInteger.Decode(bytes, ref position, prefix));
        Assert.Equal(HpackError.IntegerOverflow, e.Error);
    }

    [Theory]
    [InlineData("1f8080808080", "six continuation bytes, even if they only add zeros")]
    [InlineData("1f808080808000", "redundant zero groups past the fifth byte")]
    [InlineData("1fffffffff7f", "fifth byte pushes the value past 2^31-1")]
    [InlineData("1fffffffffffffffffff01", "a long run of continuation bytes")]
    public void Overlong_IsOverflow(string hex, string why)
    {
        var position = 0;
        var e = Assert.Throws<HpackException>(() => HpackInteger.Decode(Convert.FromHexString(hex), ref position, 5));
        Assert.True(e.Error == HpackError.IntegerOverflow, why);
    }

    [Theory]
    [InlineData("1f")]     // prefix full, no continuation byte
    [InlineData("1f80")]   // continuation bit set on the last byte
    [InlineData("1fff80")]
    public void Truncated_IsTruncated(string hex)
    {
        var position = 0;
        var e = Assert.Throws<HpackException>(() => HpackInteger.Decode(Convert.FromHexString(hex), ref position, 5));
        Assert.Equal(HpackError.Truncated, e.Error);
    }

    private static byte[] EncodeLong(long value, int prefix)
    {
        var mask = (1 << prefix) - 1;
        var bytes = new List<byte> { (byte)mask };
        var rest = value - mask;
        while (rest >= 0x80)
        {
            bytes.Add((byte)(rest | 0x80));
            rest >>= 7;
        }
        bytes.Add((byte)rest);
        return [.. bytes];
    }
}
