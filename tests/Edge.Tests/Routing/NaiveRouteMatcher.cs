using Edge.Routing;

namespace Edge.Tests.Routing;

/// <summary>
/// The obviously-correct reference for the differential test: a linear scan over every definition
/// with the precedence of docs/routing.md written as a sort key, on strings. Assumes valid definitions.
/// </summary>
internal sealed class NaiveRouteMatcher(IReadOnlyList<RouteDefinition> routes)
{
    private enum Kind { End, Literal, Parameter, CatchAll }

    /// <summary>Same output format as <see cref="RouteTestHelpers.Describe"/>, with Allow sorted ordinally.</summary>
    public string Match(string host, string path, string method)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return "404";
        }

        var trimmed = path.EndsWith('/') ? path[..^1] : path;
        var segments = trimmed.Length == 0 ? [] : trimmed[1..].Split('/');
        var requestHost = NormalizeHost(host);

        (int[] Key, string Text)? best = null;
        var allow = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var hostRank = HostRank(route, requestHost);
            if (hostRank is null)
            {
                continue;
            }

            var baseSegments = Split(route.BasePath);
            if (baseSegments.Length > segments.Length || !baseSegments.SequenceEqual(segments[..baseSegments.Length]))
            {
                continue;
            }

            var rest = segments[baseSegments.Length..];
            if (!TryMatchTemplate(Split(route.Template), rest, out var kinds, out var captures, out var catchAllSegment))
            {
                continue;
            }

            int methodRank;
            if (route.Methods.Count == 0)
            {
                methodRank = 1;
            }
            else if (route.Methods.Contains(method))
            {
                methodRank = 0;
            }
            else
            {
                allow.UnionWith(route.Methods);
                continue;
            }

            int[] key = [hostRank.Value.Tier, hostRank.Value.Suffix, -baseSegments.Length, .. kinds, methodRank, i];
            if (best is null || Compare(key, best.Value.Key) < 0)
            {
                var basePathLength = string.Join("", baseSegments.Select(s => "/" + s)).Length;
                var text = $"200 #{route.RouteId} base={basePathLength}";
                if (captures.Count > 0)
                {
                    text += " p=[" + string.Join(",", captures) + "]";
                }

                if (catchAllSegment >= 0)
                {
                    text += " *=" + Remainder(path, baseSegments.Length + catchAllSegment);
                }

                best = (key, text);
            }
        }

        return best?.Text ?? (allow.Count > 0 ? "405 " + string.Join(", ", allow) : "404");
    }

    private static string[] Split(string template)
    {
        var trimmed = template.EndsWith('/') ? template[..^1] : template;
        return trimmed.Length == 0 ? [] : trimmed[1..].Split('/');
    }

    /// <summary>The raw path from the start of segment <paramref name="index"/> (0-based) to the end.</summary>
    private static string Remainder(string path, int index)
    {
        var position = 0;
        for (var seen = 0; seen <= index; seen++)
        {
            position = path.IndexOf('/', position) + 1;
            if (position == 0)
            {
                return "";
            }
        }

        return path[position..];
    }

    private static bool TryMatchTemplate(string[] template, string[] rest, out List<int> kinds, out List<string> captures, out int catchAllSegment)
    {
        kinds = [];
        captures = [];
        catchAllSegment = -1;
        for (var j = 0; j < template.Length; j++)
        {
            var t = template[j];
            if (t == "*")
            {
                kinds.Add((int)Kind.CatchAll);
                catchAllSegment = j;
                return true;
            }

            if (j >= rest.Length || rest[j].Length == 0)
            {
                return false;
            }

            if (t.StartsWith('{'))
            {
                kinds.Add((int)Kind.Parameter);
                captures.Add(rest[j]);
            }
            else if (t == rest[j])
            {
                kinds.Add((int)Kind.Literal);
            }
            else
            {
                return false;
            }
        }

        kinds.Add((int)Kind.End);
        return template.Length == rest.Length;
    }

    private static (int Tier, int Suffix)? HostRank(RouteDefinition route, string? host)
    {
        (int, int)? best = null;
        var patterns = route.Hosts.Count == 0 ? ["*"] : route.Hosts;
        foreach (var raw in patterns)
        {
            var pattern = raw.ToLowerInvariant().TrimEnd('.');
            (int, int)? rank = null;
            if (pattern == "*")
            {
                rank = (2, 0);
            }
            else if (host is null)
            {
                continue;
            }
            else if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = pattern[1..];
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal))
                {
                    rank = (1, -suffix.Length);
                }
            }
            else if (pattern == host)
            {
                rank = (0, 0);
            }

            if (rank is not null && (best is null || rank.Value.CompareTo(best.Value) < 0))
            {
                best = rank;
            }
        }

        return best;
    }

    private static string? NormalizeHost(string host)
    {
        var cut = host.StartsWith('[') ? host.IndexOf(']') + 1 : host.IndexOf(':');
        if (cut > 0 || (cut == 0 && !host.StartsWith('[')))
        {
            host = host[..cut];
        }

        host = host.EndsWith('.') ? host[..^1] : host;
        return host.Length == 0 || host.Length > 255 || host.Any(c => c > 127) ? null : host.ToLowerInvariant();
    }

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
