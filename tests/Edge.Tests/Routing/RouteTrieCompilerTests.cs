using Edge.Routing;
using static Edge.Tests.Routing.RouteTestHelpers;

namespace Edge.Tests.Routing;

/// <summary>Conflict detection and rejection of invalid definitions (results, never exceptions).</summary>
public class RouteTrieCompilerTests
{
    private static readonly (RouteDefinition First, RouteDefinition Second, bool Conflict)[] Cases =
    [
        (R(1, "GET", "/", "/a/{x}"), R(2, "GET", "/", "/a/{y}"), true),            // names do not matter
        (R(1, "GET", "/api", "/a"), R(2, "GET", "/api/", "/a/"), true),            // trailing slashes normalized
        (R(1, "GET,POST", "/", "/a"), R(2, "POST,PUT", "/", "/a"), true),          // overlapping methods
        (R(1, "", "/", "/a"), R(2, "", "/", "/a"), true),                          // both all-methods
        (R(1, "GET", "/", "/a", "x.com"), R(2, "GET", "/", "/a", "X.COM", "y.com"), true), // one shared host
        (R(1, "GET", "/", "/a/*"), R(2, "GET", "/", "/a/*"), true),
        (R(1, "GET", "/", "/a"), R(2, "POST", "/", "/a"), false),                  // disjoint methods
        (R(1, "GET", "/", "/a"), R(2, "", "/", "/a"), false),                      // explicit beats all-methods
        (R(1, "GET", "/", "/a", "x.com"), R(2, "GET", "/", "/a", "y.com"), false),
        (R(1, "GET", "/", "/a", "x.com"), R(2, "GET", "/", "/a", "*.x.com"), false),
        (R(1, "GET", "/", "/a", "x.com"), R(2, "GET", "/", "/a"), false),          // exact vs any host
        (R(1, "GET", "/", "/a/b"), R(2, "GET", "/a", "/b"), false),                // different base paths
        (R(1, "GET", "/", "/a/*"), R(2, "GET", "/", "/a"), false),                 // catch-all vs terminal
        (R(1, "GET", "/", "/a/{x}"), R(2, "GET", "/", "/a/x"), false),
    ];

    public static TheoryData<int> ConflictCases => [.. Enumerable.Range(0, Cases.Length)];

    [Theory]
    [MemberData(nameof(ConflictCases))]
    public void Conflicts_AreReportedAgainstTheLaterRoute(int index)
    {
        var (first, second, conflict) = Cases[index];
        var trie = RouteTrieCompiler.Compile([first, second]);
        if (!conflict)
        {
            Assert.Empty(trie.Problems);
            Assert.Equal(2, trie.RouteCount);
            return;
        }

        var problem = Assert.Single(trie.Problems);
        Assert.Equal(RouteProblemKind.Conflict, problem.Kind);
        Assert.Equal(1, problem.RouteIndex);
        Assert.Equal(0, problem.OtherRouteIndex);
    }

    [Fact]
    public void Conflict_EarlierRouteKeepsTheSlotAndLaterKeepsTheRest()
    {
        var trie = RouteTrieCompiler.Compile([R(1, "GET", "/", "/a"), R(2, "GET,POST", "/", "/a"), R(3, "GET", "/", "/a")]);
        Assert.Equal(2, trie.Problems.Count);
        Assert.Equal(2, trie.RouteCount); // #3 claimed nothing
        Assert.Equal("200 #1 base=0", Lookup(trie, "GET", "/a"));
        Assert.Equal("200 #2 base=0", Lookup(trie, "POST", "/a"));
    }

    [Theory]
    [InlineData("h..com", "/", "/a", "GET", "InvalidHost")]
    [InlineData("h.com:80", "/", "/a", "GET", "InvalidHost")]
    [InlineData("a.*.com", "/", "/a", "GET", "InvalidHost")]
    [InlineData("h/x", "/", "/a", "GET", "InvalidHost")]
    [InlineData("[zz]", "/", "/a", "GET", "InvalidHost")]
    [InlineData("", "api", "/a", "GET", "InvalidBasePath")]
    [InlineData("", "/{v}", "/a", "GET", "InvalidBasePath")]
    [InlineData("", "/a/*", "/a", "GET", "InvalidBasePath")]
    [InlineData("", "/a//b", "/a", "GET", "InvalidBasePath")]
    [InlineData("", "/", "a", "GET", "InvalidTemplate")]
    [InlineData("", "/", "", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/*/a", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/a*", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/a{x}", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/{}", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/{1x}", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/{x}/{x}", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/a?b", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/a b", "GET", "InvalidTemplate")]
    [InlineData("", "/", "/a", "get", "InvalidMethod")]
    [InlineData("", "/", "/a", "GE T", "InvalidMethod")]
    [InlineData("", "/", "/a", "", "InvalidMethod")]
    public void Invalid_IsReportedAndLeftOut(string host, string basePath, string template, string method, string kind)
    {
        var bad = new RouteDefinition
        {
            RouteId = 9, Hosts = host.Length == 0 ? [] : [host], BasePath = basePath, Template = template, Methods = [method],
        };
        var trie = RouteTrieCompiler.Compile([R(1, "GET", "/", "/ok"), bad]);
        var problem = Assert.Single(trie.Problems);
        Assert.Equal(kind, problem.Kind.ToString());
        Assert.Equal(1, problem.RouteIndex);
        Assert.Equal(1, trie.RouteCount);
        Assert.Equal("200 #1 base=0", Lookup(trie, "GET", "/ok"));
    }

    [Fact]
    public void Invalid_SeventeenParameters()
    {
        var template = string.Concat(Enumerable.Range(0, 17).Select(i => $"/{{p{i}}}"));
        var trie = RouteTrieCompiler.Compile([R(1, "GET", "/", template)]);
        Assert.Equal(RouteProblemKind.InvalidTemplate, Assert.Single(trie.Problems).Kind);
    }

    [Fact]
    public void TooManyMethods_LaterRoutesReported()
    {
        var routes = Enumerable.Range(0, 70).Select(i => R(i, $"M{i}", "/", $"/r{i}")).ToArray();
        var trie = RouteTrieCompiler.Compile(routes);
        Assert.Equal(6, trie.Problems.Count);
        Assert.All(trie.Problems, p => Assert.Equal(RouteProblemKind.TooManyMethods, p.Kind));
        Assert.Equal("200 #63 base=0", Lookup(trie, "M63", "/r63"));
    }

    [Fact]
    public void AnyHostStar_MergesWithOtherHosts()
    {
        var trie = Compile(R(1, "GET", "/", "/a", "x.com", "*"));
        Assert.Equal("200 #1 base=0", Lookup(trie, "GET", "/a", "y.org"));
    }

    [Fact]
    public void Empty_MatchesNothing()
    {
        var trie = Compile();
        Assert.Equal("404", Lookup(trie, "GET", "/"));
    }
}
