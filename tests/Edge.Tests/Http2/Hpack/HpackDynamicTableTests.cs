using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>RFC 7541 §4: size accounting, eviction order, size changes, and the ring buffer's wrap-around.</summary>
public sealed class HpackDynamicTableTests
{
    [Fact]
    public void Insert_NewestFirst_SizeIsNamePlusValuePlus32()
    {
        var table = new HpackDynamicTable(4096);
        table.Insert("a"u8, "1"u8);
        table.Insert("bb"u8, "22"u8);
        Assert.Equal(2, table.Count);
        Assert.Equal((1 + 1 + 32) + (2 + 2 + 32), table.Size);
        Assert.Equal(new[] { ("bb", "22"), ("a", "1") }, Hpack.TableContents(table));
    }

    [Fact]
    public void Insert_EvictsOldestUntilTheNewEntryFits()
    {
        var table = new HpackDynamicTable(100);    // room for two 40-byte entries, not three
        table.Insert("n1"u8, "vvvvvv"u8);           // 40
        table.Insert("n2"u8, "vvvvvv"u8);           // 80
        table.Insert("n3"u8, "vvvvvv"u8);           // 120 > 100: n1 goes
        Assert.Equal(new[] { ("n3", "vvvvvv"), ("n2", "vvvvvv") }, Hpack.TableContents(table));
        Assert.Equal(80, table.Size);
    }

    [Fact]
    public void EntryLargerThanTable_EmptiesIt()
    {
        var table = new HpackDynamicTable(64);
        table.Insert("a"u8, "b"u8);
        table.Insert("name"u8, new byte[29]);       // 4 + 29 + 32 = 65 > 64 (§4.4)
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Size);
        table.Insert("name"u8, new byte[28]);       // exactly 64 fits
        Assert.Equal(1, table.Count);
        Assert.Equal(64, table.Size);
    }

    [Fact]
    public void SetMaxSize_EvictsAndZeroClears()
    {
        var table = new HpackDynamicTable(4096);
        for (var i = 0; i < 10; i++)
            table.Insert(Hpack.Bytes($"name{i}"), "value"u8); // 42 each
        table.SetMaxSize(100);
        Assert.Equal(new[] { ("name9", "value"), ("name8", "value") }, Hpack.TableContents(table));
        table.SetMaxSize(0);
        Assert.Equal(0, table.Count);
        table.SetMaxSize(4096);
        table.Insert("x"u8, "y"u8);
        Assert.Equal(new[] { ("x", "y") }, Hpack.TableContents(table));
    }

    [Fact]
    public void WrappedEntry_IsNotContiguousButCopiesAndComparesCorrectly()
    {
        // 8 + 7 bytes, size 47: two entries fit in 100, so each insert evicts one and the write offset
        // walks 0, 15, 30, ... 90: the seventh entry's value runs from byte 98 around to byte 4.
        var table = new HpackDynamicTable(100);
        for (var i = 1; i <= 6; i++)
            table.Insert(Hpack.Bytes($"name{i:0000}"), Hpack.Bytes($"value-{i}"));
        table.Insert("nameWRAP"u8, "abcdefg"u8);
        Assert.False(table.TryGetContiguous(1, out _, out _));
        Assert.True(table.TryGetContiguous(2, out var name, out var value));
        Assert.Equal("name0006", Hpack.Latin1(name));
        Assert.Equal("value-6", Hpack.Latin1(value));
        Assert.True(table.NameEquals(1, "nameWRAP"u8));
        Assert.True(table.ValueEquals(1, "abcdefg"u8));
        Assert.False(table.ValueEquals(1, "abcdefG"u8));
        Assert.False(table.ValueEquals(1, "Abcdefg"u8));
        Assert.Equal(("nameWRAP", "abcdefg"), Hpack.TableContents(table)[0]);
    }

    [Fact]
    public void GrowingTheMaximum_KeepsEntriesInOrder()
    {
        var table = new HpackDynamicTable(100);
        for (var i = 1; i <= 6; i++)
            table.Insert(Hpack.Bytes($"k{i}"), Hpack.Bytes($"0123456789abcde{i}")); // 18 bytes: the sixth wraps
        var before = Hpack.TableContents(table);
        Assert.Equal(2, before.Count);
        table.SetMaxSize(1000);
        table.Insert("k7"u8, "v"u8);                  // storage grows here
        Assert.Equal(new[] { ("k7", "v") }.Concat(before), Hpack.TableContents(table));
    }

    [Fact]
    public void Ids_TrackInsertionsAndEvictions()
    {
        var table = new HpackDynamicTable(100);
        Assert.Equal(0, table.NextId);
        table.Insert("n1"u8, "vvvvvv"u8);
        table.Insert("n2"u8, "vvvvvv"u8);
        Assert.Equal(0, table.OldestId);
        Assert.Equal(2, table.IndexOf(0));
        table.Insert("n3"u8, "vvvvvv"u8);
        Assert.Equal(1, table.OldestId);
        Assert.Equal(1, table.IndexOf(2));
    }

    /// <summary>Differential: thousands of random inserts and size changes against a plain list model.</summary>
    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 256)]
    [InlineData(3, 4096)]
    public void RandomOperations_MatchAListModel(int seed, int maxSize)
    {
        var random = new Random(seed);
        var table = new HpackDynamicTable(maxSize);
        var model = new List<(string Name, string Value)>(); // newest first
        var modelMax = maxSize;
        for (var step = 0; step < 3000; step++)
        {
            if (random.Next(40) == 0)
            {
                modelMax = random.Next(0, maxSize + 1);
                table.SetMaxSize(modelMax);
            }
            else
            {
                var name = new string((char)('a' + random.Next(26)), random.Next(1, 20));
                var value = new string((char)('0' + random.Next(10)), random.Next(0, maxSize / 2));
                table.Insert(Hpack.Bytes(name), Hpack.Bytes(value));
                if (name.Length + value.Length + 32 > modelMax)
                    model.Clear();
                else
                    model.Insert(0, (name, value));
            }
            while (model.Sum(e => e.Name.Length + e.Value.Length + 32) > modelMax)
                model.RemoveAt(model.Count - 1);

            Assert.Equal(model.Sum(e => e.Name.Length + e.Value.Length + 32), table.Size);
            Assert.Equal(model, Hpack.TableContents(table));
        }
    }
}
