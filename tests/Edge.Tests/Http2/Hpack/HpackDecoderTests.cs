using Edge.Http2.Hpack;
using static Edge.Tests.Http2.Hpack.HpackBlock;

namespace Edge.Tests.Http2.Hpack;

/// <summary>Decoder rejections (RFC 7541 §2.3.3, §4.2, §5, §6) and the header list limit (RFC 9113 §6.5.2).</summary>
public sealed class HpackDecoderTests
{
    [Theory]
    [InlineData("80", nameof(HpackError.ZeroIndex))]                   // indexed, index 0 (§6.1)
    [InlineData("be", nameof(HpackError.IndexOutOfRange))]             // 62 with an empty dynamic table
    [InlineData("ff80ffffff07", nameof(HpackError.IndexOutOfRange))]   // a huge index
    [InlineData("7e0161", nameof(HpackError.IndexOutOfRange))]         // literal, name index 62
    [InlineData("0f3001", nameof(HpackError.IndexOutOfRange))]         // literal without indexing, name index 63
    [InlineData("41", nameof(HpackError.Truncated))]                   // literal: value missing
    [InlineData("4105616263", nameof(HpackError.Truncated))]           // literal: value shorter than its length
    [InlineData("400161", nameof(HpackError.Truncated))]               // literal name, value missing
    [InlineData("0f", nameof(HpackError.Truncated))]                   // 4-bit name index continues past the end
    [InlineData("82ff", nameof(HpackError.Truncated))]                 // indexed, 7-bit index continues past the end
    [InlineData("ff8080808080", nameof(HpackError.IntegerOverflow))]   // index with six continuation bytes
    [InlineData("417fffffffff0f", nameof(HpackError.IntegerOverflow))] // string length above 2^31-1
    [InlineData("418161", nameof(HpackError.HuffmanPaddingNotOnes))]   // Huffman value 0x61: '/' (011000) + padding 01
    [InlineData("4184ffffffff", nameof(HpackError.HuffmanEos))]        // Huffman value containing EOS
    [InlineData("4181ff", nameof(HpackError.HuffmanPaddingTooLong))]   // Huffman value of 8 one-bits
    [InlineData("8220", nameof(HpackError.TableSizeUpdateNotAtStart))] // size update after a field (§4.2)
    [InlineData("3fe21f", nameof(HpackError.TableSizeUpdateTooLarge))] // 4097 > announced 4096 (§6.3)
    public void MalformedBlock_ThrowsTheSpecificError(string hex, string error)
    {
        Assert.Equal(error, Hpack.DecodeError(new HpackDecoder(), Hpack.Hex(hex)).ToString());
    }

    [Fact]
    public void IndexJustPastTheDynamicTable_IsOutOfRange()
    {
        var decoder = new HpackDecoder();
        Hpack.Decode(decoder, Incremental("k", "v"));                     // now index 62 exists
        Assert.Equal(Hpack.Fields(("k", "v")), Hpack.Decode(decoder, Indexed(62)));
        Assert.Equal(HpackError.IndexOutOfRange, Hpack.DecodeError(decoder, Indexed(63)));
        Assert.Equal(Hpack.Fields((":method", "GET")), Hpack.Decode(decoder, Indexed(2)));
        Assert.Equal(Hpack.Fields(("www-authenticate", "")), Hpack.Decode(decoder, Indexed(61)));
    }

    [Fact]
    public void EmptyBlock_DecodesToNothing()
    {
        Assert.Empty(Hpack.Decode(new HpackDecoder(), []));
    }

    [Fact]
    public void SizeUpdatesAtStart_AreApplied_AndEvict()
    {
        var decoder = new HpackDecoder();
        Hpack.Decode(decoder, Concat(Incremental("a", "1"), Incremental("b", "2")));
        Assert.Equal(2, decoder.DynamicTable.Count);
        // Two updates (0 then 4096) empty the table and restore its size; then a field.
        Assert.Equal(Hpack.Fields((":method", "GET")), Hpack.Decode(decoder, Concat(SizeUpdate(0), SizeUpdate(4096), Indexed(2))));
        Assert.Equal(0, decoder.DynamicTable.Count);
        Assert.Equal(4096, decoder.DynamicTable.MaxSize);
        Hpack.Decode(decoder, Concat(SizeUpdate(40), Incremental("c", "3")));
        Assert.Equal(40, decoder.DynamicTable.MaxSize);
        Assert.Equal(1, decoder.DynamicTable.Count);
    }

    [Fact]
    public void SizeUpdate_AfterAField_IsRejectedEvenWhenSmall()
    {
        Assert.Equal(HpackError.TableSizeUpdateNotAtStart, Hpack.DecodeError(new HpackDecoder(), Concat(SizeUpdate(100), Indexed(2), SizeUpdate(0))));
    }

    [Fact]
    public void LoweredSetting_RequiresAnUpdateAtTheNextBlock()
    {
        var decoder = new HpackDecoder();
        decoder.SetMaxTableSize(1000);
        Assert.Equal(HpackError.TableSizeUpdateMissing, Hpack.DecodeError(decoder, Indexed(2)));

        decoder = new HpackDecoder();
        decoder.SetMaxTableSize(1000);
        Assert.Equal(HpackError.TableSizeUpdateTooLarge, Hpack.DecodeError(decoder, Concat(SizeUpdate(1001), Indexed(2))));

        decoder = new HpackDecoder();
        decoder.SetMaxTableSize(1000);
        Hpack.Decode(decoder, Concat(SizeUpdate(1000), Indexed(2)));
        Hpack.Decode(decoder, Indexed(2)); // satisfied: later blocks need none
        Assert.Equal(HpackError.TableSizeUpdateTooLarge, Hpack.DecodeError(decoder, SizeUpdate(1001)));
    }

    [Fact]
    public void SeveralChangesBeforeABlock_FirstUpdateMustBeTheSmallest()
    {
        // §4.2: 4096 -> 500 -> 3000 between two blocks: the first update must be <= 500, the last <= 3000.
        var decoder = new HpackDecoder();
        decoder.SetMaxTableSize(500);
        decoder.SetMaxTableSize(3000);
        Assert.Equal(HpackError.TableSizeUpdateTooLarge, Hpack.DecodeError(decoder, Concat(SizeUpdate(3000), Indexed(2))));

        decoder = new HpackDecoder();
        decoder.SetMaxTableSize(500);
        decoder.SetMaxTableSize(3000);
        Hpack.Decode(decoder, Concat(SizeUpdate(500), SizeUpdate(3000), Indexed(2)));
        Assert.Equal(3000, decoder.DynamicTable.MaxSize);
    }

    [Fact]
    public void RaisedSetting_NeedsNoUpdate_ButAllowsALargerOne()
    {
        var decoder = new HpackDecoder();
        decoder.SetMaxTableSize(16384);
        Hpack.Decode(decoder, Indexed(2));
        Assert.Equal(4096, decoder.DynamicTable.MaxSize); // the encoder need not use the room
        Hpack.Decode(decoder, SizeUpdate(16384));
        Assert.Equal(16384, decoder.DynamicTable.MaxSize);
        Assert.Equal(HpackError.TableSizeUpdateTooLarge, Hpack.DecodeError(decoder, SizeUpdate(16385)));
    }

    [Fact]
    public void NameFromAnEntryEvictedByTheSameInsert_IsKept()
    {
        // §4.4: "A new entry can reference the name of an entry in the dynamic table that will be evicted
        // when adding this new entry". Table of 100: one 60-byte entry; the new one evicts it.
        var decoder = new HpackDecoder(maxTableSize: 100);
        var name = new string('n', 20);
        Hpack.Decode(decoder, Incremental(name, new string('v', 8)));            // 20 + 8 + 32 = 60
        var fields = Hpack.Decode(decoder, Incremental(62, new string('w', 30))); // 20 + 30 + 32 = 82: evicts
        Assert.Equal(Hpack.Fields((name, new string('w', 30))), fields);
        Assert.Equal(new[] { (name, new string('w', 30)) }, Hpack.TableContents(decoder.DynamicTable));
    }

    [Fact]
    public void NeverIndexedWithIndexedName_KeepsFlagAndTable()
    {
        var decoder = new HpackDecoder();
        var fields = Hpack.Decode(decoder, Concat([0x1F, 0x08], Raw("Bearer x"))); // never indexed, name 23 (authorization)
        Assert.Equal([new DecodedField("authorization", "Bearer x", HpackFlags.NeverIndexed)], fields);
        Assert.Equal(0, decoder.DynamicTable.Count);
    }

    [Fact]
    public void HuffmanNameAndValue_InOneField()
    {
        var decoder = new HpackDecoder();
        var block = Concat([0x40], Huffman("x-custom-name"u8.ToArray()), Huffman("a value that compresses"u8.ToArray()));
        Assert.Equal(Hpack.Fields(("x-custom-name", "a value that compresses")), Hpack.Decode(decoder, block));
        Assert.Equal(Hpack.Fields(("x-custom-name", "a value that compresses")), Hpack.Decode(decoder, Indexed(62)));
    }

    [Fact]
    public void HeaderListLimit_ExactlyAtTheLimitPasses_OneByteMoreFails()
    {
        // name 1 + value 67 + 32 = 100 per field.
        var block = Concat(Incremental("a", new string('v', 67)), Indexed(62));
        var decoder = new HpackDecoder(maxHeaderListSize: 200);
        Assert.Equal(2, Hpack.Decode(decoder, block, out var result).Count);
        Assert.Equal(HpackError.None, result);

        decoder = new HpackDecoder(maxHeaderListSize: 199);
        var fields = Hpack.Decode(decoder, block, out result);
        Assert.Equal(HpackError.HeaderListTooLarge, result);
        Assert.Single(fields); // the field that crosses the limit is not delivered
    }

    [Fact]
    public void HpackBomb_StopsDeliveringEarly_AndKeepsTheTableInStep()
    {
        // One 4000-byte entry referenced 10,000 times: a 10 KB block that would expand to ~40 MB.
        var decoder = new HpackDecoder(maxHeaderListSize: 16 * 1024);
        Hpack.Decode(decoder, Incremental("big", new string('x', 4000)));
        var references = Enumerable.Repeat(Indexed(62), 10_000).SelectMany(b => b).ToArray();
        var block = Concat(references, Incremental("after", "bomb"));

        var fields = Hpack.Decode(decoder, block, out var result);
        Assert.Equal(HpackError.HeaderListTooLarge, result);
        Assert.Equal(4, fields.Count); // 4 x 4035 fits in 16 KiB, the fifth does not
        // The literal after the limit still went into the table: the next block can reference it.
        Assert.Equal(Hpack.Fields(("after", "bomb")), Hpack.Decode(decoder, Indexed(62)));
        Assert.Equal(2, decoder.DynamicTable.Count);
    }

    [Fact]
    public void HpackBomb_ThenMalformed_StillThrows()
    {
        var decoder = new HpackDecoder(maxHeaderListSize: 100);
        var block = Concat(Enumerable.Repeat(Indexed(2), 50).SelectMany(b => b).ToArray(), Indexed(0));
        Assert.Equal(HpackError.ZeroIndex, Hpack.DecodeError(decoder, block));
    }

    [Fact]
    public void HuffmanStringLargerThanEveryLimit_IsTooLargeAndEmptiesTheTableWhenIndexed()
    {
        // Scratch = max(list limit, table size) = 4096; a 6000-byte Huffman value cannot be kept.
        var decoder = new HpackDecoder(maxHeaderListSize: 1024);
        Hpack.Decode(decoder, Incremental("keep", "me"));
        var huge = Enumerable.Repeat((byte)'a', 6000).ToArray();

        var fields = Hpack.Decode(decoder, Concat(NeverIndexed("n", "v"), [0x00], Raw("x"), Huffman(huge)), out var result);
        Assert.Equal(HpackError.HeaderListTooLarge, result);
        Assert.Equal([new DecodedField("n", "v", HpackFlags.NeverIndexed)], fields);
        Assert.Equal(1, decoder.DynamicTable.Count); // not indexed: table untouched

        Hpack.Decode(decoder, Concat([0x40], Raw("x"), Huffman(huge)), out result);
        Assert.Equal(HpackError.HeaderListTooLarge, result);
        Assert.Equal(0, decoder.DynamicTable.Count); // §4.4: an entry larger than the table empties it
        Assert.Equal(HpackError.IndexOutOfRange, Hpack.DecodeError(decoder, Indexed(62)));
    }

    [Fact]
    public void HuffmanStringLargerThanEveryLimit_IsStillValidated()
    {
        var decoder = new HpackDecoder(maxHeaderListSize: 1024);
        var huge = Enumerable.Repeat((byte)'a', 6001).ToArray(); // 30005 bits: the last byte is 'a' (00011) + 111
        var code = Huffman(huge);
        Assert.Equal(0x1F, code[^1]);
        code[^1] = 0x18; // 'a' + padding 000
        Assert.Equal(HpackError.HuffmanPaddingNotOnes, Hpack.DecodeError(decoder, Concat([0x00], Raw("x"), code)));
    }

    [Fact]
    public void WrappedDynamicEntries_AreDeliveredWhole()
    {
        // A small table makes inserted entries wrap around the ring; every reference must read back whole.
        var decoder = new HpackDecoder(maxTableSize: 150);
        for (var i = 0; i < 50; i++)
        {
            var name = $"name-{i}";
            var value = new string((char)('a' + (i % 26)), 10 + i % 37);
            Assert.Equal(Hpack.Fields((name, value)), Hpack.Decode(decoder, Incremental(name, value)));
            Assert.Equal(Hpack.Fields((name, value)), Hpack.Decode(decoder, Indexed(62)));
            Assert.Equal(Hpack.Fields((name, "x")), Hpack.Decode(decoder, WithoutIndexing(62, "x")));
        }
    }

    [Fact]
    public void SetMaxTableSize_RejectsOutOfRangeValues()
    {
        var decoder = new HpackDecoder();
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.SetMaxTableSize(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.SetMaxTableSize(HpackDecoder.MaxTableSizeLimit + 1));
    }
}
