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
        // A large config repeats the same base paths, host lists, templates and methods across thousands
        // of routes; each distinct text is parsed once per compile (the outcome depends only on the text).
        var cache = new ParseCache();
        for (var i = 0; i < routes.Count; i++)
        {
            if (TryParse(i, routes[i], problems, cache) is { } route)
            {
                parsed.Add(route);
                foreach (var name in route.Methods)
                {
                    methodNames.Add(name);
                }
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
        var methodBits = new Dictionary<string, ulong>(methodNames.Count, StringComparer.Ordinal);
        foreach (var name in methodNames)
        {
            methodBits.Add(name, 1UL << methods.IndexOf(name));
        }

        var exact = new Dictionary<string, RouteTrieBuilderNode>(StringComparer.Ordinal);
        var wildcard = new Dictionary<string, RouteTrieBuilderNode>(StringComparer.Ordinal);
        RouteTrieBuilderNode? any = null;
        var reported = new HashSet<(int, int)>();
        var inserted = 0;
        // Reused for every insertion: conflicts are rare, so the set is almost always empty.
        var holders = new SortedSet<int>();
        foreach (var route in parsed)
        {
            var mask = 0UL;
            foreach (var name in route.Methods)
            {
                mask |= methodBits[name];
            }

            var claimedAny = false;
            foreach (var host in route.Hosts)
            {
                var root = host.Kind switch
                {
                    HostPatternKind.Exact => GetOrAdd(exact, host.Value),
                    HostPatternKind.Wildcard => GetOrAdd(wildcard, host.Value),
                    _ => any ??= new RouteTrieBuilderNode(),
                };
                var endpoints = Walk(root, route);
                holders.Clear();
                if (endpoints.Add(route.Index, route.RouteId, mask, route.Methods.Length == 0, holders))
                {
                    claimedAny = true;
                }

                // Enumerating even an empty SortedSet allocates; conflicts are the rare case.
                if (holders.Count == 0)
                {
                    continue;
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

            if (claimedAny)
            {
                inserted++;
            }
        }

        // Sorted only for a deterministic layout; lookup probes suffixes by label, longest first.
        var wildcards = wildcard.OrderByDescending(static p => p.Key.Length).ThenBy(static p => p.Key, StringComparer.Ordinal).ToArray();
        var exactHosts = exact.OrderBy(static p => p.Key, StringComparer.Ordinal).ToArray();
        var keyBytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        return new RouteTrie(
            methods,
            [.. exactHosts.Select(static p => Encoding.ASCII.GetBytes(p.Key))],
            [.. exactHosts.Select(p => p.Value.Freeze(keyBytes))],
            [.. wildcards.Select(static p => Encoding.ASCII.GetBytes(p.Key))],
            [.. wildcards.Select(p => p.Value.Freeze(keyBytes))],
            any?.Freeze(keyBytes),
            problems,
            inserted);
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
        var baseSegments = route.BasePath.Segments;
        for (var i = 0; i < baseSegments.Count; i++)
        {
            node = node.GetOrAddLiteral(baseSegments[i].Value);
        }

        node = node.GetOrAddApi();
        var segments = route.Template.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
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

    private static ParsedRoute? TryParse(int index, RouteDefinition definition, List<RouteProblem> problems, ParseCache cache)
    {
        var ok = true;
        var hosts = cache.Hosts(definition.Hosts);
        foreach (var error in hosts.Errors)
        {
            problems.Add(new RouteProblem(RouteProblemKind.InvalidHost, index, -1, error));
            ok = false;
        }

        var basePath = cache.BasePath(definition.BasePath);
        if (basePath.Error is { } baseError)
        {
            problems.Add(new RouteProblem(RouteProblemKind.InvalidBasePath, index, -1, baseError));
            ok = false;
        }

        var template = cache.Template(definition.Template);
        if (template.Error is { } templateError)
        {
            problems.Add(new RouteProblem(RouteProblemKind.InvalidTemplate, index, -1, templateError));
            ok = false;
        }

        var methods = cache.Methods(definition.Methods);
        foreach (var error in methods.Errors)
        {
            problems.Add(new RouteProblem(RouteProblemKind.InvalidMethod, index, -1, error));
            ok = false;
        }

        return ok ? new ParsedRoute(index, definition.RouteId, hosts.Patterns, basePath.Template!, template.Template!, methods.Names, definition) : null;
    }

    /// <summary>The distinct valid methods of one definition, in order, and the errors of the invalid ones.</summary>
    private static MethodParse ParseMethods(IReadOnlyList<string> texts)
    {
        var methods = new string[texts.Count];
        var distinct = 0;
        List<string>? errors = null;
        foreach (var method in texts)
        {
            if (CheckMethod(method) is { } error)
            {
                (errors ??= []).Add(error);
            }
            else if (Array.IndexOf(methods, method, 0, distinct) < 0)
            {
                methods[distinct++] = method;
            }
        }

        if (distinct != methods.Length)
        {
            Array.Resize(ref methods, distinct);
        }

        return new MethodParse(methods, errors ?? (IReadOnlyList<string>)[]);
    }

    /// <summary>Null when <paramref name="method"/> is a valid method token; otherwise the problem's message.</summary>
    private static string? CheckMethod(string method)
    {
        if (!IsToken(method))
        {
            return $"'{method}' is not a valid method token";
        }

        // Methods are case-sensitive (RFC 9110 §9.1): "get" would silently never match GET.
        var upper = method.ToUpperInvariant();
        return method != upper && IsStandard(upper) ? $"method '{method}' must be written '{upper}'" : null;
    }

    /// <summary>Host patterns of one definition (deduplicated, "*" absorbing the rest) and the errors of the bad ones.</summary>
    private static HostParse ParseHosts(IReadOnlyList<string> texts)
    {
        var hosts = new List<HostPattern>();
        List<string>? errors = null;
        foreach (var text in texts)
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
                (errors ??= []).Add(error);
            }
        }

        // "*" among exact hosts already covers them all; keeping both would report self-conflicts.
        if (hosts.Count == 0 || hosts.Contains(HostPattern.AnyHost))
        {
            return new HostParse(AnyHostOnly, errors ?? (IReadOnlyList<string>)[]);
        }

        return new HostParse([.. hosts], errors ?? (IReadOnlyList<string>)[]);
    }

    private static readonly HostPattern[] AnyHostOnly = [HostPattern.AnyHost];

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

    private sealed record HostParse(HostPattern[] Patterns, IReadOnlyList<string> Errors);

    private sealed record MethodParse(string[] Names, IReadOnlyList<string> Errors);

    private readonly record struct TemplateParse(PathTemplate? Template, string? Error);

    /// <summary>
    /// Parse results of one compile, keyed by text. Parsed templates, host and method arrays are immutable, so
    /// routes share them; problems are still reported once per route, exactly as without the cache.
    /// </summary>
    private sealed class ParseCache
    {
        /// <summary>Past this many distinct texts of a kind, results are not kept (configs of unique templates gain nothing).</summary>
        private const int MaxEntries = 1024;

        private readonly Dictionary<string, TemplateParse> _basePaths = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TemplateParse> _templates = new(StringComparer.Ordinal);
        private readonly Dictionary<IReadOnlyList<string>, MethodParse> _methods = new(TextListComparer.Instance);
        private readonly Dictionary<IReadOnlyList<string>, HostParse> _hosts = new(TextListComparer.Instance);
        private static readonly HostParse NoHosts = new(AnyHostOnly, []);
        private static readonly MethodParse AllMethods = new([], []);

        public TemplateParse BasePath(string text)
        {
            if (!_basePaths.TryGetValue(text, out var result))
            {
                result = PathTemplate.TryParseBasePath(text, out var template, out var error) ? new(template, null) : new(null, error);
                if (_basePaths.Count < MaxEntries)
                {
                    _basePaths.Add(text, result);
                }
            }

            return result;
        }

        public TemplateParse Template(string text)
        {
            if (!_templates.TryGetValue(text, out var result))
            {
                result = PathTemplate.TryParse(text, out var template, out var error) ? new(template, null) : new(null, error);
                if (_templates.Count < MaxEntries)
                {
                    _templates.Add(text, result);
                }
            }

            return result;
        }

        public MethodParse Methods(IReadOnlyList<string> texts)
        {
            if (texts.Count == 0)
            {
                return AllMethods;
            }

            if (!_methods.TryGetValue(texts, out var result))
            {
                result = ParseMethods(texts);
                if (_methods.Count < MaxEntries)
                {
                    _methods.Add(texts, result);
                }
            }

            return result;
        }

        public HostParse Hosts(IReadOnlyList<string> texts)
        {
            if (texts.Count == 0)
            {
                return NoHosts;
            }

            if (!_hosts.TryGetValue(texts, out var result))
            {
                result = ParseHosts(texts);
                if (_hosts.Count < MaxEntries)
                {
                    _hosts.Add(texts, result);
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Host and method lists compared by content (ordinal, in order): an API's hosts are repeated for
    /// every resource, and most resources use one of a few method lists.
    /// </summary>
    private sealed class TextListComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly TextListComparer Instance = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.Count != y.Count)
            {
                return false;
            }

            for (var i = 0; i < x.Count; i++)
            {
                if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(IReadOnlyList<string> list)
        {
            var hash = new HashCode();
            for (var i = 0; i < list.Count; i++)
            {
                hash.Add(list[i], StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
