using Edge.Routing;
using static Edge.Tests.Routing.RouteTestHelpers;

namespace Edge.Tests.Routing;

/// <summary>Path rules: precedence, parameters, catch-all, trailing and empty segments, base paths.</summary>
public class RouteTriePathTests
{
    private static readonly RouteTrie Precedence = Compile(
        R(1, "GET", "/", "/users/me"),
        R(2, "GET", "/", "/users/{id}"),
        R(3, "GET", "/", "/users/*"),
        R(4, "GET", "/", "/users/{id}/orders/{orderId}"),
        R(5, "GET", "/", "/users/me/orders/{orderId}"),
        R(6, "GET", "/", "/users/{id}/orders/latest"),
        R(7, "GET", "/", "/*"));

    [Theory]
    [InlineData("/users/me", "200 #1 base=0")]                       // literal beats parameter
    [InlineData("/users/42", "200 #2 base=0 p=[42]")]                // parameter beats catch-all
    [InlineData("/users/42/x", "200 #3 base=0 *=42/x")]              // catch-all takes deeper paths
    [InlineData("/users", "200 #3 base=0 *=")]                       // "/users/*" matches "/users" itself
    [InlineData("/users/me/orders/9", "200 #5 base=0 p=[9]")]        // first differing segment decides
    [InlineData("/users/7/orders/latest", "200 #6 base=0 p=[7]")]
    [InlineData("/users/me/orders/latest", "200 #5 base=0 p=[latest]")] // segment 2 literal wins over later literal
    [InlineData("/users/7/orders/9", "200 #4 base=0 p=[7,9]")]
    [InlineData("/users/7/orders", "200 #3 base=0 *=7/orders")]      // backtracks to the nearest catch-all
    [InlineData("/other", "200 #7 base=0 *=other")]
    [InlineData("/", "200 #7 base=0 *=")]
    public void Precedence_LiteralThenParameterThenCatchAll(string path, string expected)
        => Assert.Equal(expected, Lookup(Precedence, "GET", path));

    private static readonly RouteTrie Shapes = Compile(
        R(1, "GET", "/", "/menu"),
        R(2, "GET", "/", "/files/*"),
        R(3, "GET", "/", "/a/{x}/b"),
        R(4, "GET", "/", "/"),
        R(5, "GET", "/", "/caf%C3%A9"),
        R(6, "GET", "/", "/Case"));

    [Theory]
    [InlineData("/menu", "200 #1 base=0")]
    [InlineData("/menu/", "200 #1 base=0")]                 // one trailing slash is insignificant
    [InlineData("/menu//", "404")]                          // but only one
    [InlineData("/menux", "404")]
    [InlineData("/files", "200 #2 base=0 *=")]
    [InlineData("/files/", "200 #2 base=0 *=")]
    [InlineData("/files/a/b/c", "200 #2 base=0 *=a/b/c")]
    [InlineData("/files/a/b/", "200 #2 base=0 *=a/b/")]     // the catch-all keeps the raw remainder
    [InlineData("/files//x", "200 #2 base=0 *=/x")]         // empty segments only match a catch-all
    [InlineData("/filesystem", "404")]                      // segments, not prefixes
    [InlineData("/a//b", "404")]                            // a parameter never matches an empty segment
    [InlineData("/a/%2F/b", "200 #3 base=0 p=[%2F]")]       // percent-encoding is compared raw
    [InlineData("/", "200 #4 base=0")]
    [InlineData("//", "404")]
    [InlineData("/caf%C3%A9", "200 #5 base=0")]
    [InlineData("/caf%c3%a9", "404")]                       // raw: hex case matters
    [InlineData("/café", "404")]                            // raw: not decoded
    [InlineData("/case", "404")]                            // paths are case-sensitive
    [InlineData("", "404")]
    [InlineData("*", "404")]
    [InlineData("menu", "404")]
    public void Shapes_TrailingSlashEmptySegmentsAndRawBytes(string path, string expected)
        => Assert.Equal(expected, Lookup(Shapes, "GET", path));

    private static readonly RouteTrie BasePaths = Compile(
        R(1, "GET", "/coffeebar/v1", "/order/{orderId}"),
        R(2, "GET", "/coffeebar/v1", "/"),
        R(3, "GET", "/coffeebar", "/*"),
        R(4, "GET", "/coffeebar/v1/", "/menu"),       // trailing slash in base path is normalized away
        R(5, "GET", "/", "/coffeebar/v1/order/special"),
        R(6, "GET", "/coffeebar/v2", "/*"),
        R(7, "GET", "/", "/*"));

    [Theory]
    [InlineData("/coffeebar/v1/order/7", "200 #1 base=13 p=[7]")]
    [InlineData("/coffeebar/v1", "200 #2 base=13")]
    [InlineData("/coffeebar/v1/", "200 #2 base=13")]
    [InlineData("/coffeebar/v1/menu", "200 #4 base=13")]
    [InlineData("/coffeebar/v1/order/special", "200 #1 base=13 p=[special]")] // longer base path first
    [InlineData("/coffeebar/v1/nothing", "200 #3 base=10 *=v1/nothing")]       // falls back to shorter base
    [InlineData("/coffeebar", "200 #3 base=10 *=")]
    [InlineData("/coffeebar/v2", "200 #6 base=13 *=")]
    [InlineData("/coffeebar/v2/x/y", "200 #6 base=13 *=x/y")]
    [InlineData("/coffeebarista", "200 #7 base=0 *=coffeebarista")]
    public void BasePath_LongerFirst_ReportsConsumedLength(string path, string expected)
        => Assert.Equal(expected, Lookup(BasePaths, "GET", path));

    [Fact]
    public void Parameters_SixteenCaptured()
    {
        var template = string.Concat(Enumerable.Range(0, 16).Select(i => $"/{{p{i}}}"));
        var trie = Compile(R(1, "GET", "/base", template));
        var path = "/base" + string.Concat(Enumerable.Range(0, 16).Select(i => $"/v{i}"));
        Assert.Equal($"200 #1 base=5 p=[{string.Join(",", Enumerable.Range(0, 16).Select(i => $"v{i}"))}]", Lookup(trie, "GET", path));
    }

    [Fact]
    public void Parameters_FromLosingBranchDoNotLeak()
    {
        // "/x/{a}/{b}/end" is tried first and fails at the last segment; the winner has one parameter.
        var trie = Compile(R(1, "GET", "/", "/x/{a}/{b}/end"), R(2, "GET", "/", "/x/*"), R(3, "GET", "/", "/x/{a}"));
        Assert.Equal("200 #2 base=0 *=1/2/nope", Lookup(trie, "GET", "/x/1/2/nope"));
        Assert.Equal("200 #3 base=0 p=[1]", Lookup(trie, "GET", "/x/1"));
    }
}
