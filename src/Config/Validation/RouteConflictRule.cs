using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>
/// Two resources conflict when a request could match both with nothing to prefer one: same host set,
/// same full path shape (base_path + template, parameter names erased, so "/a/{x}" equals "/a/{y}")
/// and at least one method in common (no methods = every method). Reported at the later one.
/// </summary>
internal static class RouteConflictRule
{
    public static void Check(ValidationContext ctx)
    {
        // Linear in the number of resources: reload must handle 10,000 routes well under 100 ms.
        var routes = new Dictionary<string, List<(ValueList<string> Methods, string Path)>>(StringComparer.Ordinal);
        var apis = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ctx.Config.Apis.Count; i++)
        {
            var api = ctx.Config.Apis[i];
            // An API that duplicates an earlier one is reported by ApiConflictRule; its routes would only echo that.
            var hosts = HostSet.Key(api.Hosts);
            if (api.BasePath.Length == 0 || !apis.Add(hosts + "|" + api.BasePath)) continue;
            for (var j = 0; j < api.Resources.Count; j++)
            {
                var r = api.Resources[j];
                if (r.Path.Length == 0) continue;
                var full = PathTemplate.Join(api.BasePath, r.Path);
                var key = hosts + "|" + PathTemplate.Shape(full);
                var path = ValidationContext.Resource(i, j);
                if (!routes.TryGetValue(key, out var existing)) routes[key] = existing = new();
                foreach (var (methods, otherPath) in existing)
                {
                    var shared = SharedMethod(methods, r.Methods);
                    if (shared is null) continue;
                    ctx.Report(path + ".path",
                        $"route {shared} {full} conflicts with {ctx.Describe(otherPath)}: expected each host, path and method to map to one resource");
                    break;
                }
                existing.Add((r.Methods, path));
            }
        }
    }

    /// <summary>A method both sets allow ("*" when both allow every method), or null when they are disjoint.</summary>
    private static string? SharedMethod(ValueList<string> a, ValueList<string> b)
    {
        if (a.IsEmpty && b.IsEmpty) return "*";
        if (a.IsEmpty) return b[0];
        if (b.IsEmpty) return a[0];
        foreach (var m in a)
        {
            if (b.Contains(m)) return m;
        }
        return null;
    }
}
