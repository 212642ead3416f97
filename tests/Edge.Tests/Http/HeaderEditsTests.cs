using System.Text;
using Edge.Http;

namespace Edge.Tests.Http;

public sealed class HeaderEditsTests
{
    [Fact]
    public void RemoveAddQuery_ThenReset()
    {
        var edits = new HeaderEdits();
        Assert.True(edits.IsEmpty);

        edits.RemoveFields(["authorization"u8.ToArray()]);
        edits.Add("X-Static"u8.ToArray(), "one"u8.ToArray());
        edits.AddCopy("X-Copied"u8.ToArray(), "two"u8);
        var room = edits.ReserveValue(16);
        "three"u8.CopyTo(room);
        edits.CommitAdd("X-Reserved"u8.ToArray(), 5);
        edits.ReserveValue(8); // reserved but not committed: nothing added
        edits.SetQuery("a=1"u8);

        Assert.False(edits.IsEmpty);
        Assert.True(edits.IsRemoved("Authorization"u8));
        Assert.False(edits.IsRemoved("Authorizatio"u8));
        Assert.Equal(3, edits.AddedCount);
        Assert.Equal(["X-Static: one", "X-Copied: two", "X-Reserved: three"],
            Enumerable.Range(0, 3).Select(i => Encoding.ASCII.GetString(edits.AddedName(i)) + ": " + Encoding.ASCII.GetString(edits.AddedValue(i))));
        Assert.Equal("a=1", Encoding.ASCII.GetString(edits.Query));

        edits.Reset();
        Assert.True(edits.IsEmpty);
        Assert.Equal(0, edits.AddedCount);
        Assert.False(edits.HasQuery);
    }

    [Fact]
    public void ManyCopies_GrowTheBuffer_EarlierValuesSurvive()
    {
        var edits = new HeaderEdits();
        for (var i = 0; i < 50; i++) edits.AddCopy("X"u8.ToArray(), Encoding.ASCII.GetBytes(new string((char)('a' + i % 26), 100)));

        for (var i = 0; i < 50; i++) Assert.Equal(new string((char)('a' + i % 26), 100), Encoding.ASCII.GetString(edits.AddedValue(i)));
    }
}
