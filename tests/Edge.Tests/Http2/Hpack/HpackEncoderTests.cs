using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>Encoder choices (static/dynamic lookups, indexing policy, Huffman, size updates) and round trips.</summary>
public sealed class HpackEncoderTests
{
    [Theory]
    [InlineData(":method", "GET", "82")]
    [InlineData(":method", "POST", "83")]
    [InlineData(":path", "/", "84")]
    [InlineData(":path", "/index.html", "85")]
    [InlineData(":scheme", "https", "87")]
    [InlineData(":status", "200", "88")]
    [InlineData(":status", "500", "8e")]
    [InlineData("accept-encoding", "gzip, deflate", "90")]
    public void StaticFullMatch_IsOneIndexedByte(string name, string value, string hex)
    {
        var encoder = new HpackEncoder();
        Assert.Equal(hex, Convert.ToHexStringLower(Hpack.Encode(encoder, [(name, value)])));
        Assert.Equal(0, encoder.DynamicTable.Count);
    }

    [Fact]
    public void StaticNameLookup_FindsEveryStaticName()
    {
        for (var index = 1; index <= HpackStaticTable.Count; index++)
        {
            var first = HpackStaticTable.FindName(HpackStaticTable.Name(index));
            Assert.True(first <= index && HpackStaticTable.Name(first).SequenceEqual(HpackStaticTable.Name(index)), $"index {index}");
            Assert.Equal(index, HpackStaticTable.FindValue(first, HpackStaticTable.Value(index)));
        }
        Assert.Equal(0, HpackStaticTable.FindName("x-unknown"u8));
        Assert.Equal(0, HpackStaticTable.FindName(""u8));
        Assert.Equal(0, HpackStaticTable.FindName("Content-Type"u8)); // names are lower case on the wire
        Assert.Equal(31, HpackStaticTable.FindName("content-type"u8));
        Assert.Equal(0, HpackStaticTable.FindValue(8, "201"u8));
    }

    [Fact]
    public void RepeatedField_IsIndexedFromTheDynamicTable()
    {
        var encoder = new HpackEncoder();
        Assert.Equal("418cf1e3c2e5f23a6ba0ab90f4ff", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":authority", "www.example.com")])));
        Assert.Equal("be", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":authority", "www.example.com")])));
    }

    [Fact]
    public void UnknownName_IsFoundInTheDynamicTableByName()
    {
        var encoder = new HpackEncoder();
        Hpack.Encode(encoder, [("x-tenant", "alpha")]);
        var second = Hpack.Encode(encoder, [("x-tenant", "beta")]);
        Assert.Equal(0x7E, second[0]); // literal with incremental indexing, name index 62
        Assert.Equal(2, encoder.DynamicTable.Count);
        // Both values are now entries: the first is at 63.
        Assert.Equal("bf", Convert.ToHexStringLower(Hpack.Encode(encoder, [("x-tenant", "alpha")])));
    }

    public static TheoryData<string, string, int> SensitiveFields() => new()
    {
        { "authorization", "Bearer abc.def.ghi", 0x10 },
        { "proxy-authorization", "Basic dXNlcjpwYXNz", 0x10 },
        { "cookie", "sid=short", 0x10 },              // < 20 bytes: guessable
        { "set-cookie", "id=a3fWa; Max-Age=2592000", 0x10 },
        { "content-disposition", "attachment; filename=\"salary.pdf\"", 0x10 },
        { ":path", "/api/orders/7", 0x00 },           // without indexing: values rarely repeat
        { "content-length", "1234", 0x00 },
        { "etag", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"", 0x00 },
        { "location", "https://example.com/next", 0x00 },
        { "x-request-id", "4bf92f3577b34da6a3ce929d0e0e4736", 0x00 },
        { "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0x00 },
    };

    [Theory]
    [MemberData(nameof(SensitiveFields))]
    public void Policy_KeepsSensitiveAndUniqueFieldsOutOfTheTable(string name, string value, int pattern)
    {
        var encoder = new HpackEncoder();
        var block = Hpack.Encode(encoder, [(name, value)]);
        Assert.Equal(pattern, block[0] & 0xF0);
        Assert.Equal(0, encoder.DynamicTable.Count);

        var fields = Hpack.Decode(new HpackDecoder(), block);
        var flags = pattern == 0x10 ? HpackFlags.NeverIndexed : HpackFlags.None;
        Assert.Equal([new DecodedField(name, value, flags)], fields);
    }

    [Fact]
    public void LongCookie_IsIndexed()
    {
        var encoder = new HpackEncoder();
        Hpack.Encode(encoder, [("cookie", "session=0123456789abcdef0123")]);
        Assert.Equal(1, encoder.DynamicTable.Count);
    }

    [Fact]
    public void NeverIndexedFlag_IsHonoured_EvenWhenTheFieldIsInTheTable()
    {
        var encoder = new HpackEncoder();
        Hpack.Encode(encoder, [("x-api-key", "k-123")]);              // indexed normally
        var block = Hpack.Encode(encoder, [("x-api-key", "k-123")], HpackFlags.NeverIndexed);
        Assert.Equal(0x1F, block[0]);                                 // never indexed, name index 62 (15 + 47)
        Assert.Equal(47, block[1]);
        Assert.Equal(1, encoder.DynamicTable.Count);
    }

    [Fact]
    public void FieldLargerThanThreeQuartersOfTheTable_IsNotIndexed()
    {
        var encoder = new HpackEncoder();
        Hpack.Encode(encoder, [("x-big", new string('v', 3000))]);    // 5 + 3000 + 32 = 3037 <= 3072: indexed
        Assert.Equal(1, encoder.DynamicTable.Count);
        Hpack.Encode(encoder, [("x-bigger", new string('v', 3100))]); // 3140 > 3072: would flush the table
        Assert.Equal(1, encoder.DynamicTable.Count);
    }

    [Fact]
    public void Huffman_IsUsedOnlyWhenShorter()
    {
        var encoder = new HpackEncoder();
        var text = Hpack.Encode(encoder, [("x-a", "aaaaaaaa")]);
        Assert.Equal(0x80, text[5] & 0x80);  // 0x40, name 0x03 'x-a' -> value length byte at [5]: Huffman
        var binary = Hpack.Encode(encoder, [("x-b", "\u0001\u0002\u0003")]);
        Assert.Equal(0x03, binary[5]);       // raw, length 3
    }

    [Fact]
    public void PeerTableSizeChanges_AreSignalledSmallestThenFinal()
    {
        var encoder = new HpackEncoder();
        Hpack.Encode(encoder, [("x-a", "1")]);
        encoder.SetPeerMaxTableSize(0);
        encoder.SetPeerMaxTableSize(4096);
        Assert.Equal(0, encoder.DynamicTable.Count); // the 0 evicted everything
        Assert.Equal("203fe11f82", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":method", "GET")])));
        Assert.Equal("82", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":method", "GET")]))); // once only

        encoder.SetPeerMaxTableSize(1000);
        encoder.SetPeerMaxTableSize(2000);
        Assert.Equal("3fc9073fb10f82", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":method", "GET")]))); // 1000, 2000
        encoder.SetPeerMaxTableSize(100);
        Assert.Equal("3f4582", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":method", "GET")]))); // one update: 100
    }

    [Fact]
    public void PeerSettingAboveOurCap_ChangesNothing()
    {
        var encoder = new HpackEncoder(maxTableSize: 4096);
        encoder.SetPeerMaxTableSize(uint.MaxValue);
        Assert.Equal("82", Convert.ToHexStringLower(Hpack.Encode(encoder, [(":method", "GET")])));
        Assert.Equal(4096, encoder.DynamicTable.MaxSize);
    }

    [Fact]
    public void CapBelowTheProtocolDefault_IsSignalledInTheFirstBlock()
    {
        var encoder = new HpackEncoder(maxTableSize: 0);
        var block = Hpack.Encode(encoder, [("x-a", "1")]);
        Assert.Equal(0x20, block[0]);            // size update to 0
        Assert.Equal(0x00, block[1] & 0xF0);     // then a literal without indexing: nothing fits
        var decoder = new HpackDecoder();
        Assert.Equal(Hpack.Fields(("x-a", "1")), Hpack.Decode(decoder, block));
        Assert.Equal(0, decoder.DynamicTable.MaxSize);
    }

    [Fact]
    public void TooSmallDestination_Throws_AndLeavesTheTableAlone()
    {
        var encoder = new HpackEncoder();
        Assert.Throws<ArgumentException>(() => encoder.EncodeHeader("x-a"u8, "value"u8, HpackFlags.None, new byte[10]));
        Assert.Equal(0, encoder.DynamicTable.Count);
        var buffer = new byte[HpackEncoder.GetMaxEncodedLength(3, 5)];
        Assert.True(encoder.EncodeHeader("x-a"u8, "value"u8, HpackFlags.None, buffer) > 0);
        Assert.Equal(1, encoder.DynamicTable.Count);
    }

    /// <summary>
    /// Differential round trip: random header lists (repeats, sensitive names, binary values) with random
    /// peer table size changes; every block must decode to its input and both tables must stay equal.
    /// </summary>
    [Theory]
    [InlineData(1, 4096)]
    [InlineData(2, 256)]
    [InlineData(3, 64)]
    [InlineData(4, 65536)]
    public void RandomBlocks_RoundTrip_AndTablesStayEqual(int seed, int cap)
    {
        var random = new Random(seed);
        string[] names = ["x-a", "x-b", "x-long-custom-header-name", ":path", ":authority", "cookie", "authorization", "user-agent", "accept", "content-type", "date"];
        var encoder = new HpackEncoder(cap);
        var decoder = new HpackDecoder(maxHeaderListSize: 1 << 20);
        for (var block = 0; block < 400; block++)
        {
            if (random.Next(20) == 0)
            {
                var setting = random.Next(0, 2 * cap + 1);
                encoder.SetPeerMaxTableSize((uint)setting);
                decoder.SetMaxTableSize(Math.Min(setting, HpackDecoder.MaxTableSizeLimit));
            }
            var fields = new List<(string, string)>();
            for (var i = random.Next(0, 15); i > 0; i--)
            {
                var name = random.Next(6) == 0 ? $"x-n{random.Next(40)}" : names[random.Next(names.Length)];
                var value = random.Next(3) switch
                {
                    0 => $"v{random.Next(10)}",
                    1 => new string((char)random.Next(0, 256), random.Next(0, 60)),
                    _ => string.Concat(Enumerable.Range(0, random.Next(0, 120)).Select(_ => (char)random.Next(32, 127))),
                };
                fields.Add((name, value));
            }
            var decoded = Hpack.Decode(decoder, Hpack.Encode(encoder, fields), out var result);
            Assert.Equal(HpackError.None, result);
            Assert.Equal(fields, decoded.Select(f => (f.Name, f.Value)));
            Assert.Equal(Hpack.TableContents(encoder.DynamicTable), Hpack.TableContents(decoder.DynamicTable));
        }
    }
}
