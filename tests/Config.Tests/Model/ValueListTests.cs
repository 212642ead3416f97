using Edge.Config.Model;

namespace Edge.Config.Tests.Model;

public sealed class ValueListTests
{
    [Fact]
    public void Equals_SameItems_IsTrueWithSameHash()
    {
        var a = ValueList.Of("x", "y");
        var b = ValueList.From(new List<string> { "x", "y" });
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentOrder_IsFalse()
    {
        Assert.NotEqual(ValueList.Of("x", "y"), ValueList.Of("y", "x"));
    }

    [Fact]
    public void Default_IsEmptyAndEqualsEmptyList()
    {
        ValueList<int> d = default;
        Assert.Empty(d);
        Assert.Equal(ValueList.Of<int>(), d);
        Assert.Equal(ValueList.Of<int>().GetHashCode(), d.GetHashCode());
    }

    [Fact]
    public void Of_SourceArrayMutated_ListUnchanged()
    {
        var source = new[] { 1, 2 };
        var list = ValueList.Of(source);
        source[0] = 9;
        Assert.Equal(1, list[0]);
    }

    [Fact]
    public void RecordEquality_NestedLists_ComparesByValue()
    {
        var a = new MtlsConfig(ValueList.Of("CN=a"), ValueList.Of("ab"));
        var b = new MtlsConfig(ValueList.Of("CN=a"), ValueList.Of("ab"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Subjects = ValueList.Of("CN=b") });
    }
}
