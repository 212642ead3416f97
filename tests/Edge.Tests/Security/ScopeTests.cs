using System.Text;
using Edge.Security.Scopes;

namespace Edge.Tests.Security;

public sealed class ScopeTests
{
    [Theory]
    [InlineData("\"a b  c\"", "", "a b c")]
    [InlineData("", "[\"x\",\"y z\"]", "x y z")]
    [InlineData("\"a\"", "\"b c\"", "a b c")]
    [InlineData("\"r\\u0065ad\"", "", "read")]
    [InlineData("\"  \"", "[]", "")]
    [InlineData("", "", "")]
    public void ScopeList_CanonicalForm(string scope, string scp, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(ScopeList.Build(Encoding.UTF8.GetBytes(scope), Encoding.UTF8.GetBytes(scp))));

    [Theory]
    [InlineData("read:order write:order", "read:order", "Any", true)]
    [InlineData("read:order write:order", "admin read:order", "Any", true)]
    [InlineData("read:order write:order", "admin", "Any", false)]
    [InlineData("read:order write:order", "read:order write:order", "All", true)]
    [InlineData("read:order write:order", "read:order admin", "All", false)]
    [InlineData("read:orders", "read:order", "Any", false)]
    [InlineData("xread:order", "read:order", "Any", false)]
    [InlineData("read:order", "read", "Any", false)]
    [InlineData("READ:ORDER", "read:order", "Any", false)]
    [InlineData("", "read:order", "Any", false)]
    [InlineData("", "read:order", "All", false)]
    [InlineData("", "", "All", true)]
    [InlineData("anything", "", "Any", true)]
    public void Requirement_AnyOrAll(string granted, string required, string mode, bool expected)
    {
        var requirement = new ScopeRequirement(required.Split(' ', StringSplitOptions.RemoveEmptyEntries), Enum.Parse<ScopeMatchMode>(mode));
        Assert.Equal(expected, requirement.IsSatisfiedBy(Encoding.UTF8.GetBytes(granted)));
    }

    [Fact]
    public void Requirement_AllocatesNothing()
    {
        var requirement = new ScopeRequirement(["c", "a"], ScopeMatchMode.All);
        var granted = "a b c"u8.ToArray();
        requirement.IsSatisfiedBy(granted);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Assert.True(requirement.IsSatisfiedBy(granted));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
