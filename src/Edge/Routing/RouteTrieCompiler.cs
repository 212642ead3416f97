using System.Text;

namespace Edge.Routing;

/// <summary>
/// Compiles route definitions into a <see cref="RouteTrie"/>. User errors (bad templates, hosts,
/// methods, ambiguous duplicates) never throw: they are collected in <see cref="RouteTrie.Problems"/>
/// so config validation can report them all at once, with positions, and keep the old snapshot.
/// </summary>
internal static class RouteTrieCompiler
{
    private const string AllMethodsLabel = "*";

    public static RouteTrie Compile(IReadOnlyList<RouteDefinition> routes)
    {
        var problems = new List<RouteProblem>();
        var parsed = new List<ParsedRoute>(routes.Count);
        var methodNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            if (TryParse(i, routes[i], problems) is { } route)
            {
                parsed.Add(route);
                methodNames.UnionWith(route.Methods);
            }
        }

        if (methodNames.Count > MethodTable.MaxMethods)
        {
            // Keep the first 64 names seen; routes needing others are reported and left out.
            var kept = new HashSet<string>(parsed.SelectMany(static r => r.Methods).Distinct().Take(MethodTable.MaxMethods), StringComparer.Ordinal);
            foreach (var route in parsed.Where(r => !r.Methods.All(kept.Contains)).ToArray())
            {
                problems.Add(new RouteProblem(RouteProblemKind.TooManyMethods, route.Index, -1,
                    $"more than {MethodTable.MaxMethods} distinct methods across all routes"));
                parsed.Remove(route);
            }

            methodNames = kept;
        }

        var methods = new MethodTable(methodNames);
        var exact = new Dictionary<string, RouteTrieBuilderNode>(StringComparer.Ordinal);
        var wildcard = new Dictionary<string, RouteTrieBuilderNode>(StringComparer.Ordinal);
        RouteTrieBuilderNode? any = null;
        var reported = new HashSet<(int, int)>();
        var inserted = new HashSet<int>();
        foreach (var route in parsed)
        {
            var mask = 0UL;
            foreach (var name in route.Methods)
            {
                mask |= 1UL << methods.IndexOf(name);
            }

            foreach (var host in route.Hosts)
            {
                var root = host.Kind switch
                {
                    HostPatternKind.Exact => GetOrAdd(exact, host.Value),
                    HostPatternKind.Wildcard => GetOrAdd(wildcard, host.Value),
                    _ => any ??= new RouteTrieBuilderNode(),
                };
                var endpoints = Walk(root, route);
                var holders = new SortedSet<int>();
                if (endpoints.Add(route.Index, route.RouteId, mask, route.Methods.Length == 0, holders))
                {
                    inserted.Add(route.Index);
                }

                foreach (var earlier in holders)
                {
                    if (reported.Add((route.Index, earlier)))
                    {
                        problems.Add(new RouteProblem(RouteProblemKind.Conflict, route.Index, earlier,
                            $"route {Describe(route)} duplicates route #{earlier}: same host, equivalent path, overlapping methods; the earlier route wins"));
                    }
                }
            }
        }

        // Sorted only for a deterministic layout; lookup probes suffixes by label, longest first.
        var wildcards = wildcard.OrderByDescending(static p => p.Key.Length).ThenBy(static p => p.Key, StringComparer.Ordinal).ToArray();
        var exactHosts = exact.OrderBy(static p => p.Key, StringComparer.Ordinal).ToArray();
        return new RouteTrie(
            methods,
            [.. exactHosts.Select(static p => Encoding.ASCII.GetBytes(p.Key))],
            [.. exactHosts.Select(static p => p.Value.Freeze())],
            [.. wildcards.Select(static p => Encoding.ASCII.GetBytes(p.Key))],
            [.. wildcards.Select(static p => p.Value.Freeze())],
            any?.Freeze(),
            problems,
            inserted.Count);
    }

    private static RouteTrieBuilderNode GetOrAdd(Dictionary<string, RouteTrieBuilderNode> roots, string key)
    {
        if (!roots.TryGetValue(key, out var root))
        {
            root = new RouteTrieBuilderNode();
            roots.Add(key, root);
        }

        return root;
    }

    /// <summary>Creates the path of nodes for a route and returns the endpoint slot set it ends in.</summary>
    private static RouteEndpointsBuilder Walk(RouteTrieBuilderNode root, ParsedRoute route)
    {
        var node = root;
        foreach (var segment in route.BasePath.Segments)
        {
            node = node.GetOrAddLiteral(segment.Value);
        }

        node = node.GetOrAddApi();
        foreach (var segment in route.Template.Segments)
        {
            switch (segment.Kind)
            {
                case TemplateSegmentKind.Literal:
                    node = node.GetOrAddLiteral(segment.Value);
                    break;
                case TemplateSegmentKind.Parameter:
                    node = node.GetOrAddParameter();
                    break;
                default:
                    return node.GetOrAddCatchAll();
            }
        }

        return node.GetOrAddTerminal();
    }

    private static ParsedRoute? TryParse(int index, RouteDefinition definition, List<RouteProblem> problems)
    {
        var ok = true;
        var hosts = new List<HostPattern>();
        foreach (var text in definition.Hosts)
        {
            if (HostPattern.TryParse(text, out var pattern, out var error))
            {
                if (!hosts.Contains(pattern))
                {
                    hosts.Add(pattern);
                }
            }
            else
            {
                problems.Add(new RouteProblem(RouteProblemKind.InvalidHost, index, -1, error));
                ok = false;
            }
        }

        // "*" among exact hosts already covers them all; keeping both would report self-conflicts.
        if (hosts.Count == 0 || hosts.Contains(HostPattern.AnyHost))
        {
            hosts = [HostPattern.AnyHost];
        }

        if (!PathTemplate.TryParseBasePath(definition.BasePath, out var basePath, out var baseError))
        {
            problems.Add(new RouteProblem(RouteProblemKind.InvalidBasePath, index, -1, baseError));
            ok = false;
        }

        if (!PathTemplate.TryParse(definition.Template, out var template, out var templateError))
        {
            problems.Add(new RouteProblem(RouteProblemKind.InvalidTemplate, index, -1, templateError));
            ok = false;
        }

        var methods = new List<string>();
        foreach (var method in definition.Methods)
        {
            if (!IsToken(method))
            {
                problems.Add(new RouteProblem(RouteProblemKind.InvalidMethod, index, -1, $"'{method}' is not a valid method token"));
                ok = false;
            }
            else if (method != method.ToUpperInvariant() && IsStandard(method.ToUpperInvariant()))
            {
                // Methods are case-sensitive (RFC 9110 §9.1): "get" would silently never match GET.
                problems.Add(new RouteProblem(RouteProblemKind.InvalidMethod, index, -1, $"method '{method}' must be written '{method.ToUpperInvariant()}'"));
                ok = false;
            }
            else if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }

        return ok ? new ParsedRoute(index, definition.RouteId, [.. hosts], basePath, template, [.. methods], definition) : null;
    }

    private static bool IsStandard(string method)
        => method is "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" or "TRACE" or "CONNECT";

    // RFC 9110 §5.6.2 tchar.
    private static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(ParsedRoute route)
    {
        var methods = route.Methods.Length == 0 ? AllMethodsLabel : string.Join(",", route.Methods);
        return $"#{route.Index} ({methods} {route.Definition.BasePath} + {route.Definition.Template})";
    }

    private sealed record ParsedRoute(int Index, int RouteId, HostPattern[] Hosts, PathTemplate BasePath,
        PathTemplate Template, string[] Methods, RouteDefinition Definition);
}
