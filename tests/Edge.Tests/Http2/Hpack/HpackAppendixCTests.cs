using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>
/// RFC 7541 Appendix C.2–C.6: each example's wire bytes decode to its header list and leave exactly the
/// dynamic table the RFC prints (entries, newest first, and size). C.3/C.4 and C.5/C.6 are sequences on
/// one connection, so each sequence shares one decoder. The encoder reproduces C.4 byte for byte.
/// </summary>
public sealed class HpackAppendixCTests
{
    private static readonly (string, string)[] Request1 = [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")];
    private static readonly (string, string)[] Request2 = [.. Request1, ("cache-control", "no-cache")];
    private static readonly (string, string)[] Request3 = [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")];

    private static readonly (string, string)[] Response1 = [(":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];
    private static readonly (string, string)[] Response2 = [(":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];
    private static readonly (string, string)[] Response3 =
    [
        (":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"), ("location", "https://www.example.com"),
        ("content-encoding", "gzip"), ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"),
    ];

    private static readonly (string, string)[] RequestTable1 = [(":authority", "www.example.com")];
    private static readonly (string, string)[] RequestTable2 = [("cache-control", "no-cache"), (":authority", "www.example.com")];
    private static readonly (string, string)[] RequestTable3 = [("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com")];

    private static readonly (string, string)[] ResponseTable1 = [("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("cache-control", "private"), (":status", "302")];
    private static readonly (string, string)[] ResponseTable2 = [(":status", "307"), ("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("cache-control", "private")];
    private static readonly (string, string)[] ResponseTable3 = [("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"), ("content-encoding", "gzip"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT")];

    [Fact]
    public void C2_1_LiteralWithIndexing()
    {
        var decoder = new HpackDecoder();
        Assert.Equal(Hpack.Fields(("custom-key", "custom-header")), Hpack.Decode(decoder, Hpack.Hex("400a637573746f6d2d6b65790d637573746f6d2d686561646572")));
        AssertTable(decoder, 55, ("custom-key", "custom-header"));
    }

    [Fact]
    public void C2_2_LiteralWithoutIndexing()
    {
        var decoder = new HpackDecoder();
        Assert.Equal(Hpack.Fields((":path", "/sample/path")), Hpack.Decode(decoder, Hpack.Hex("040c2f73616d706c652f70617468")));
        AssertTable(decoder, 0);
    }

    [Fact]
    public void C2_3_LiteralNeverIndexed_ReportsTheFlag()
    {
        var decoder = new HpackDecoder();
        var fields = Hpack.Decode(decoder, Hpack.Hex("100870617373776f726406736563726574"));
        Assert.Equal([new DecodedField("password", "secret", HpackFlags.NeverIndexed)], fields);
        AssertTable(decoder, 0);
    }

    [Fact]
    public void C2_4_Indexed()
    {
        var decoder = new HpackDecoder();
        Assert.Equal(Hpack.Fields((":method", "GET")), Hpack.Decode(decoder, Hpack.Hex("82")));
        AssertTable(decoder, 0);
    }

    [Theory]
    [InlineData("828684410f7777772e6578616d706c652e636f6d", "828684be58086e6f2d6361636865", "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565")] // C.3
    [InlineData("828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf", "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf")]             // C.4
    public void C3_C4_Requests(string first, string second, string third)
    {
        var decoder = new HpackDecoder();
        Assert.Equal(Hpack.Fields(Request1), Hpack.Decode(decoder, Hpack.Hex(first)));
        AssertTable(decoder, 57, RequestTable1);
        Assert.Equal(Hpack.Fields(Request2), Hpack.Decode(decoder, Hpack.Hex(second)));
        AssertTable(decoder, 110, RequestTable2);
        Assert.Equal(Hpack.Fields(Request3), Hpack.Decode(decoder, Hpack.Hex(third)));
        AssertTable(decoder, 164, RequestTable3);
    }

    [Theory]
    [InlineData(
        "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4803333037c1c0bf",
        "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31")] // C.5
    [InlineData(
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
        "4883640effc1c0bf",
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007")] // C.6
    public void C5_C6_Responses_WithEvictionAt256Bytes(string first, string second, string third)
    {
        var decoder = new HpackDecoder(maxTableSize: 256); // the examples' SETTINGS_HEADER_TABLE_SIZE
        Assert.Equal(Hpack.Fields(Response1), Hpack.Decode(decoder, Hpack.Hex(first)));
        AssertTable(decoder, 222, ResponseTable1);
        Assert.Equal(Hpack.Fields(Response2), Hpack.Decode(decoder, Hpack.Hex(second)));
        AssertTable(decoder, 222, ResponseTable2);
        Assert.Equal(Hpack.Fields(Response3), Hpack.Decode(decoder, Hpack.Hex(third)));
        AssertTable(decoder, 215, ResponseTable3);
    }

    [Fact]
    public void C4_Encoder_ReproducesTheRfcBytes()
    {
        // Static full matches, :authority and cache-control indexed with a static name, custom-key with a
        // literal name, Huffman wherever shorter: the same choices the RFC's example makes.
        var encoder = new HpackEncoder();
        Assert.Equal("828684418cf1e3c2e5f23a6ba0ab90f4ff", Convert.ToHexStringLower(Hpack.Encode(encoder, Request1)));
        Assert.Equal("828684be5886a8eb10649cbf", Convert.ToHexStringLower(Hpack.Encode(encoder, Request2)));
        Assert.Equal("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf", Convert.ToHexStringLower(Hpack.Encode(encoder, Request3)));
        Assert.Equal(RequestTable3, Hpack.TableContents(encoder.DynamicTable));
    }

    [Fact]
    public void C6_Encoder_RoundTripsWithEvictionAt256Bytes()
    {
        var encoder = new HpackEncoder();
        encoder.SetPeerMaxTableSize(256);
        var decoder = new HpackDecoder();
        decoder.SetMaxTableSize(256);
        foreach (var response in new[] { Response1, Response2, Response3 })
        {
            var fields = Hpack.Decode(decoder, Hpack.Encode(encoder, response));
            Assert.Equal(response, fields.Select(f => (f.Name, f.Value)));
            Assert.Equal(Hpack.TableContents(encoder.DynamicTable), Hpack.TableContents(decoder.DynamicTable));
            Assert.True(decoder.DynamicTable.Size <= 256);
        }
    }

    private static void AssertTable(HpackDecoder decoder, int size, params (string, string)[] entries)
    {
        Assert.Equal(entries, Hpack.TableContents(decoder.DynamicTable));
        Assert.Equal(size, decoder.DynamicTable.Size);
    }
}
