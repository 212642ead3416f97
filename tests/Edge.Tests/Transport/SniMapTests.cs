using Edge.Transport.Tls;

namespace Edge.Tests.Transport;

/// <summary>SNI certificate selection: exact names first, then one-label wildcards (RFC 6125 §6.4.3).</summary>
public sealed class SniMapTests
{
    private static SniMap<string> Map(params string[] patterns)
    {
        var map = new SniMap<string>();
        foreach (var p in patterns) Assert.True(map.TryAdd(p, p));
        return map;
    }

    [Theory]
    [InlineData("a.test", "a.test")]
    [InlineData("A.TEST", "a.test")]            // DNS names compare case-insensitively
    [InlineData("a.test.", "a.test")]           // a trailing root dot is the same name
    [InlineData("x.wild.test", "*.wild.test")]
    [InlineData("X.Wild.Test", "*.wild.test")]
    [InlineData("exact.wild.test", "exact.wild.test")] // an exact name beats a wildcard that also covers it
    public void Match_KnownName_ReturnsItsPattern(string serverName, string expected)
    {
        var map = Map("a.test", "*.wild.test", "exact.wild.test");

        Assert.Equal(expected, map.Match(serverName));
    }

    [Theory]
    [InlineData("wild.test")]        // the wildcard needs a label in its place
    [InlineData("a.b.wild.test")]    // and stands for one label only
    [InlineData(".wild.test")]       // an empty label is no label
    [InlineData("b.test")]
    [InlineData("test")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(null)]
    public void Match_UncoveredName_ReturnsNull(string? serverName)
    {
        var map = Map("a.test", "*.wild.test");

        Assert.Null(map.Match(serverName));
    }

    [Fact]
    public void TryAdd_SamePatternTwice_IsRefused()
    {
        var map = new SniMap<string>();

        Assert.True(map.TryAdd("a.test", "first"));
        Assert.False(map.TryAdd("A.test", "second"));
        Assert.True(map.TryAdd("*.a.test", "wild"));
        Assert.False(map.TryAdd("*.A.TEST", "again"));
        Assert.Equal("first", map.Match("a.test"));
    }
}
