using Edge.Routing;
using static Edge.Tests.Routing.RouteTestHelpers;

namespace Edge.Tests.Routing;

/// <summary>
/// Random routes and requests over a tiny alphabet (so routes collide, overlap and conflict often),
/// trie versus <see cref="NaiveRouteMatcher"/>. Fixed seeds: a failure is reproducible.
/// </summary>
public class RouteTrieDifferentialTests
{
    private static readonly string[] Literals = ["a", "b", "c", "ab"];
    private static readonly string[] RequestSegments = ["a", "b", "c", "ab", "", "zz", "%61"];
    private static readonly string[][] HostSets =
        [[], [], ["a.com"], ["*.a.com"], ["x.a.com"], ["b.com", "*.a.com"], ["*"], ["A.com."], ["*.x.a.com"], ["[::1]"]];
    private static readonly string[] RequestHosts = ["a.com", "x.a.com", "y.x.a.com", "b.com", "A.COM:80", "c.org", "", "[::1]:1"];
    private static readonly string[] BasePaths = ["/", "/", "/a", "/a/b", "/c", "/b/"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "X-CUSTOM"];
    private static readonly string[] RequestMethods = ["GET", "POST", "PUT", "DELETE", "X-CUSTOM", "PATCH", "get"];

    [Theory]
    [InlineData(1, 300, 20, 200)]   // many small tables: dense collisions and conflicts
    [InlineData(2, 100, 60, 300)]
    [InlineData(3, 5, 2000, 4000)]  // a few big tables: wide nodes use the hash lookup
    public void Trie_AgreesWithNaiveMatcher(int seed, int tables, int routesPerTable, int requestsPerTable)
    {
        var random = new Random(seed);
        var compared = 0;
        var matched = 0;
        for (var t = 0; t < tables; t++)
        {
            var routes = Enumerable.Range(0, routesPerTable).Select(i => RandomRoute(random, i)).ToArray();
            var trie = RouteTrieCompiler.Compile(routes);
            Assert.All(trie.Problems, p => Assert.Equal(RouteProblemKind.Conflict, p.Kind));
            var naive = new NaiveRouteMatcher(routes);
            for (var r = 0; r < requestsPerTable; r++)
            {
                var host = RequestHosts[random.Next(RequestHosts.Length)];
                var path = RandomPath(random);
                var method = RequestMethods[random.Next(RequestMethods.Length)];
                var expected = naive.Match(host, path, method);
                var actual = SortAllow(Lookup(trie, method, path, host));
                if (expected != actual)
                {
                    Assert.Fail($"seed {seed} table {t}: {method} {host} {path}: naive '{expected}', trie '{actual}'\n"
                        + string.Join("\n", routes.Select((d, i) => $"#{i} {string.Join(",", d.Methods)} [{string.Join(",", d.Hosts)}] {d.BasePath} + {d.Template}")));
                }

                compared++;
                matched += actual.StartsWith("200", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        // Guard against a generator that only ever produces 404s.
        Assert.True(matched > compared / 10, $"only {matched} of {compared} lookups matched");
    }

    private static string SortAllow(string text)
        => text.StartsWith("405 ", StringComparison.Ordinal)
            ? "405 " + string.Join(", ", text[4..].Split(", ").Order(StringComparer.Ordinal))
            : text;

    private static RouteDefinition RandomRoute(Random random, int id)
    {
        var count = random.Next(0, 5);
        var segments = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            if (i == count - 1 && roll < 20)
            {
                segments.Add("*");
            }
            else if (roll < 45)
            {
                segments.Add($"{{p{i}}}");
            }
            else
            {
                segments.Add(Literals[random.Next(Literals.Length)]);
            }
        }

        var template = "/" + string.Join("/", segments) + (count > 0 && random.Next(5) == 0 ? "/" : "");
        var methods = random.Next(4) == 0
            ? []
            : Methods.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Methods[random.Next(Methods.Length)]).ToArray();
        return new RouteDefinition
        {
            RouteId = id,
            Hosts = HostSets[random.Next(HostSets.Length)],
            BasePath = BasePaths[random.Next(BasePaths.Length)],
            Template = template,
            Methods = methods,
        };
    }

    private static string RandomPath(Random random)
    {
        if (random.Next(50) == 0)
        {
            return random.Next(2) == 0 ? "" : "a/b";
        }

        var count = random.Next(0, 7);
        var path = string.Concat(Enumerable.Range(0, count).Select(_ => "/" + RequestSegments[random.Next(RequestSegments.Length)]));
        if (path.Length == 0 || random.Next(4) == 0)
        {
            path += "/";
        }

        return path;
    }
}
