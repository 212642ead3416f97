using Edge.Routing;
using static Edge.Tests.Routing.RouteTestHelpers;

namespace Edge.Tests.Routing;

/// <summary>Method rules: 404 vs 405, Allow, explicit vs all-methods, fallback across candidates.</summary>
public class RouteTrieMethodTests
{
    private static readonly RouteTrie Trie = Compile(
        R(1, "GET,HEAD", "/", "/items"),
        R(2, "POST", "/", "/items"),
        R(3, "DELETE", "/", "/items/{id}"),
        R(4, "PUT", "/", "/items/*"),
        R(5, "GET", "/", "/any"),
        R(6, "", "/", "/any"),
        R(7, "PURGE", "/", "/cache"),
        R(8, "GET", "/", "/other/{x}"),
        R(9, "", "/", "/other/*"));

    [Theory]
    [InlineData("GET", "/items", "200 #1 base=0")]
    [InlineData("HEAD", "/items", "200 #1 base=0")]
    [InlineData("POST", "/items", "200 #2 base=0")]
    [InlineData("PUT", "/items", "200 #4 base=0 *=")]                 // "/items/*" covers "/items" too
    [InlineData("DELETE", "/items", "405 GET, HEAD, POST, PUT")]      // Allow lists every candidate's methods
    [InlineData("DELETE", "/items/5", "200 #3 base=0 p=[5]")]
    [InlineData("GET", "/items/5", "405 PUT, DELETE")]                // canonical RFC 9110 order
    [InlineData("PUT", "/items/5", "200 #4 base=0 *=5")]              // the method filters before precedence
    [InlineData("GET", "/any", "200 #5 base=0")]                      // explicit beats all-methods at one node
    [InlineData("POST", "/any", "200 #6 base=0")]
    [InlineData("BREW", "/any", "200 #6 base=0")]                     // unknown methods reach all-methods routes
    [InlineData("get", "/any", "200 #6 base=0")]                      // methods are case-sensitive
    [InlineData("get", "/items", "405 GET, HEAD, POST, PUT")]
    [InlineData("PURGE", "/cache", "200 #7 base=0")]
    [InlineData("GET", "/cache", "405 PURGE")]
    [InlineData("GET", "/nothing", "404")]
    [InlineData("GET", "/other/1", "200 #8 base=0 p=[1]")]
    [InlineData("POST", "/other/1", "200 #9 base=0 *=1")]
    public void Methods(string method, string path, string expected)
        => Assert.Equal(expected, Lookup(Trie, method, path));

    [Fact]
    public void FormatAllow_ReportsTooSmallDestination()
    {
        var match = default(RouteMatch);
        Assert.False(Trie.Match("h", "/items", "DELETE", ref match));
        Assert.Equal(-1, Trie.FormatAllow(match.AllowedMethods, new byte[5]));
        Assert.Equal("GET, HEAD, POST, PUT".Length, Trie.FormatAllow(match.AllowedMethods, new byte[Trie.MaxAllowLength]));
    }
}
