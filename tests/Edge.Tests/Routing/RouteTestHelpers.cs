using Edge.Routing;

namespace Edge.Tests.Routing;

/// <summary>Compact route construction and lookup for the routing tests.</summary>
internal static class RouteTestHelpers
{
    /// <summary><c>R(1, "GET,POST", "/api", "/items/{id}", "a.com")</c>; methods "" = all.</summary>
    public static RouteDefinition R(int id, string methods, string basePath, string template, params string[] hosts) => new()
    {
        RouteId = id,
        Methods = methods.Length == 0 ? [] : methods.Split(','),
        BasePath = basePath,
        Template = template,
        Hosts = hosts,
    };

    public static RouteTrie Compile(params RouteDefinition[] routes)
    {
        var trie = RouteTrieCompiler.Compile(routes);
        Assert.Empty(trie.Problems);
        return trie;
    }

    /// <summary>Describes a lookup as one comparable string: "200 #id base=n p=[..] *=..", "405 GET, POST" or "404".</summary>
    public static string Lookup(RouteTrie trie, string method, string path, string host = "any.test")
    {
        var match = default(RouteMatch);
        trie.Match(host, path, method, ref match);
        return Describe(trie, path, in match);
    }

    public static string Describe(RouteTrie trie, string path, in RouteMatch match)
    {
        switch (match.Status)
        {
            case RouteMatchStatus.NotFound:
                return "404";
            case RouteMatchStatus.MethodNotAllowed:
                return "405 " + trie.FormatAllow(match.AllowedMethods);
        }

        var text = $"200 #{match.RouteId} base={match.BasePathLength}";
        if (match.ParameterCount > 0)
        {
            var values = new List<string>();
            foreach (var range in match.Parameters)
            {
                values.Add(path[range]);
            }

            text += " p=[" + string.Join(",", values) + "]";
        }

        if (match.HasCatchAll)
        {
            text += " *=" + path[match.CatchAll];
        }

        return text;
    }
}
