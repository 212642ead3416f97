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
        // Linear in the number of resources, and without a string per resource: reload must handle
        // 10,000 routes well under 100 ms. Routes are grouped by (hosts, shape); each group is a chain
        // of entries in declaration order.
        var comparer = new ShapeComparer();
        var groups = new Dictionary<RouteKey, (int First, int Last)>(comparer);
        var entries = new List<Entry>();
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
                var key = new RouteKey(hosts, api.BasePath, r.Path, comparer.Hash(hosts, api.BasePath, r.Path));
                var index = entries.Count;
                entries.Add(new Entry(r.Methods, i, j));
                if (!groups.TryGetValue(key, out var group))
                {
                    groups.Add(key, (index, index));
                    continue;
                }
                for (var e = group.First; e >= 0; e = entries[e].Next)
                {
                    var shared = SharedMethod(entries[e].Methods, r.Methods);
                    if (shared is null) continue;
                    var full = PathTemplate.Join(api.BasePath, r.Path);
                    var other = ValidationContext.Resource(entries[e].Api, entries[e].Resource);
                    ctx.Report(ValidationContext.Resource(i, j) + ".path",
                        $"route {shared} {full} conflicts with {ctx.Describe(other)}: expected each host, path and method to map to one resource");
                    break;
                }
                entries[group.Last] = entries[group.Last] with { Next = index };
                groups[key] = (group.First, index);
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

    private readonly record struct Entry(ValueList<string> Methods, int Api, int Resource, int Next = -1);

    /// <summary>An API's host set and one resource's full path, compared by <see cref="PathTemplate.Shape"/> of the joined path.</summary>
    private readonly record struct RouteKey(string Hosts, string BasePath, string Template, int Hash);

    /// <summary>
    /// Compares keys as <c>hosts + "|" + PathTemplate.Shape(PathTemplate.Join(base, template))</c> would
    /// compare, writing the shapes into reused buffers instead of allocating them. (Host sets never contain
    /// '|' and shapes start with '/', so comparing the two parts is comparing the joined text.)
    /// </summary>
    private sealed class ShapeComparer : IEqualityComparer<RouteKey>
    {
        private char[] _a = new char[256];
        private char[] _b = new char[256];

        public int Hash(string hosts, string basePath, string template)
        {
            var shape = WriteShape(basePath, template, ref _a);
            return HashCode.Combine(string.GetHashCode(hosts, StringComparison.Ordinal), string.GetHashCode(shape, StringComparison.Ordinal));
        }

        public bool Equals(RouteKey x, RouteKey y) =>
            x.Hash == y.Hash && string.Equals(x.Hosts, y.Hosts, StringComparison.Ordinal)
            && WriteShape(x.BasePath, x.Template, ref _a).SequenceEqual(WriteShape(y.BasePath, y.Template, ref _b));

        public int GetHashCode(RouteKey key) => key.Hash;

        /// <summary>Writes <c>PathTemplate.Shape(PathTemplate.Join(basePath, template))</c> into <paramref name="buffer"/>.</summary>
        private static ReadOnlySpan<char> WriteShape(string basePath, string template, ref char[] buffer)
        {
            ReadOnlySpan<char> first = basePath == "/" ? template : basePath;
            ReadOnlySpan<char> second = basePath == "/" || template == "/" ? default : template;
            // A segment written "{" becomes "{}": at most one extra character per segment.
            var most = 2 * (first.Length + second.Length);
            if (buffer.Length < most) buffer = new char[most];
            var written = 0;
            var segmentStart = true;
            var erasing = false;
            for (var part = 0; part < 2; part++)
            {
                foreach (var c in part == 0 ? first : second)
                {
                    if (erasing)
                    {
                        if (c != '/') continue;
                        erasing = false;
                    }
                    else if (segmentStart && c == '{')
                    {
                        // Shape: a segment starting with '{' is written "{}", whatever follows up to the next '/'.
                        buffer[written++] = '{';
                        buffer[written++] = '}';
                        erasing = true;
                        segmentStart = false;
                        continue;
                    }
                    buffer[written++] = c;
                    segmentStart = c == '/';
                }
            }
            return buffer.AsSpan(0, written);
        }
    }
}
