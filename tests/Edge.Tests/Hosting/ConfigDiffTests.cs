using Edge.Hosting;

namespace Edge.Tests.Hosting;

/// <summary>The reload log's "+added -removed ~changed" counts: matched by name, compared by value.</summary>
public sealed class ConfigDiffTests
{
    private sealed record Item(string Name, int Value);

    [Fact]
    public void CountsAddedRemovedAndChangedByName()
    {
        Item[] before = [new("a", 1), new("b", 1), new("c", 1)];
        Item[] after = [new("a", 1), new("b", 2), new("d", 1)];

        Assert.Equal((1, 1, 1), ConfigDiff.Compare(before, after, i => i.Name));
    }

    [Fact]
    public void EqualListsInAnotherOrder_AreNoChange()
    {
        Item[] before = [new("a", 1), new("b", 1)];
        Item[] after = [new("b", 1), new("a", 1)];

        Assert.Equal((0, 0, 0), ConfigDiff.Compare(before, after, i => i.Name));
    }
}
