using Edge.Http2.Frames;

namespace Edge.Tests.Http2.Frames;

/// <summary>The 9-byte frame header (RFC 9113 §4.1).</summary>
public sealed class Http2FrameHeaderTests
{
    public static TheoryData<int, byte, byte, int> Headers => new()
    {
        { 0, 0x0, 0x00, 1 },
        { 1, 0x1, 0x25, 3 },
        { 16_384, 0x4, 0x01, 0 },
        { 0xABCDEF, 0x7, 0xFF, 0x7FFF_FFFF },
        { Http2FrameHeader.MaxLength, 0x9, 0x04, 0x1234_5678 },
        { 8, 0xFA, 0x80, 255 }, // an extension type survives the round trip
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void WriteThenRead_RoundTrips(int length, byte type, byte flags, int streamId)
    {
        var header = new Http2FrameHeader(length, (Http2FrameType)type, (Http2FrameFlags)flags, streamId);
        var bytes = new byte[Http2FrameHeader.Size];
        header.Write(bytes);

        Assert.Equal(header, Http2FrameHeader.Read(bytes));
        Assert.Equal(bytes, Http2TestFrames.Raw(length, type, flags, (uint)streamId, [])[..9]);
    }

    [Fact]
    public void Read_ReservedBitSet_IsIgnored()
    {
        // §4.1: the R bit "MUST be ignored when receiving".
        var bytes = Http2TestFrames.Raw(0, 0x6, 0, 0x8000_0005, []);
        Assert.Equal(5, Http2FrameHeader.Read(bytes).StreamId);
    }

    [Fact]
    public void Write_NegativeStreamId_ClearsReservedBit()
    {
        // §4.1: the R bit "MUST remain unset (0x0) when sending".
        var bytes = new byte[9];
        Http2FrameHeader.Write(bytes, 0, Http2FrameType.Ping, Http2FrameFlags.None, unchecked((int)0x8000_0007));
        Assert.Equal(0x00, bytes[5] & 0x80);
        Assert.Equal(7, Http2FrameHeader.Read(bytes).StreamId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1 << 24)]
    public void Write_LengthBeyond24Bits_Throws(int length)
    {
        var bytes = new byte[9];
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameHeader.Write(bytes, length, Http2FrameType.Data, Http2FrameFlags.None, 1));
    }

    [Fact]
    public void HasFlag_ChecksEveryBit()
    {
        var header = new Http2FrameHeader(0, Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.Padded, 1);
        Assert.True(header.HasFlag(Http2FrameFlags.EndHeaders));
        Assert.True(header.HasFlag(Http2FrameFlags.EndHeaders | Http2FrameFlags.Padded));
        Assert.False(header.HasFlag(Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream));
    }
}
