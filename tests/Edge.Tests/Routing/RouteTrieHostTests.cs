using Edge.Routing;
using static Edge.Tests.Routing.RouteTestHelpers;

namespace Edge.Tests.Routing;

/// <summary>Host rules: exact beats the longest wildcard beats any host; case, ports, fallthrough.</summary>
public class RouteTrieHostTests
{
    private static readonly RouteTrie Trie = Compile(
        R(1, "GET", "/", "/x", "api.example.com"),
        R(2, "GET", "/", "/x", "*.example.com"),
        R(3, "GET", "/", "/x", "*.eu.example.com"),
        R(4, "GET", "/", "/x"),
        R(5, "GET", "/", "/only-any"),
        R(6, "GET", "/", "/{p}", "API.Example.COM."),
        R(7, "POST", "/", "/v6", "[::1]"),
        R(8, "GET", "/", "/deep/*"),
        R(9, "GET", "/deep", "/x", "api.example.com"));

    [Theory]
    [InlineData("api.example.com", "/x", "200 #1 base=0")]
    [InlineData("API.EXAMPLE.COM", "/x", "200 #1 base=0")]        // case-insensitive
    [InlineData("api.example.com:8443", "/x", "200 #1 base=0")]   // port ignored
    [InlineData("api.example.com.", "/x", "200 #1 base=0")]       // trailing dot ignored
    [InlineData("web.example.com", "/x", "200 #2 base=0")]
    [InlineData("a.b.example.com", "/x", "200 #2 base=0")]        // wildcard spans several labels
    [InlineData("fr.eu.example.com", "/x", "200 #3 base=0")]      // longer suffix first
    [InlineData("example.com", "/x", "200 #4 base=0")]            // "*.example.com" needs a label in front
    [InlineData("other.org", "/x", "200 #4 base=0")]
    [InlineData("", "/x", "200 #4 base=0")]                       // no Host: any-host routes only
    [InlineData("api.example.com", "/only-any", "200 #6 base=0 p=[only-any]")] // host tier beats path specificity
    [InlineData("web.example.com", "/only-any", "200 #5 base=0")] // falls through to any-host routes
    [InlineData("[::1]:8080", "/v6", "405 POST")]                  // IPv6 literal, then port
    [InlineData("[::1]", "/v6", "405 POST")]
    [InlineData("[::2]", "/v6", "404")]
    [InlineData("ÄPI.example.com", "/x", "200 #4 base=0")]        // non-ASCII never equals a pattern
    [InlineData("api.example.com", "/deep/x", "200 #9 base=5")]   // exact host before any path rule
    public void Hosts(string host, string path, string expected)
        => Assert.Equal(expected, Lookup(Trie, "GET", path, host));

    [Fact]
    public void Host_NonAsciiUsesAnyHostTierOnly()
    {
        var trie = Compile(R(1, "GET", "/", "/x", "*.example.com"), R(2, "GET", "/", "/x"));
        Assert.Equal("200 #2 base=0", Lookup(trie, "GET", "/x", "\u00e4.example.com"));
        Assert.Equal("200 #1 base=0", Lookup(trie, "GET", "/x", "a.example.com"));
    }

    [Fact]
    public void Host_TooLongUsesAnyHostTierOnly()
    {
        var longHost = new string('a', 300) + ".example.com";
        var trie = Compile(R(1, "GET", "/", "/x", "*.example.com"), R(2, "GET", "/", "/x"));
        Assert.Equal("200 #2 base=0", Lookup(trie, "GET", "/x", longHost));
    }

    [Fact]
    public void Host_MethodNotAllowedUnionsAcrossTiers()
    {
        var trie = Compile(R(1, "GET", "/", "/x", "a.com"), R(2, "PUT", "/", "/x"));
        Assert.Equal("405 GET, PUT", Lookup(trie, "POST", "/x", "a.com"));
        Assert.Equal("200 #2 base=0", Lookup(trie, "PUT", "/x", "a.com"));
    }
}
