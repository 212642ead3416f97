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
        // Reload must handle 10,000 routes well under 100 ms, so no string, list or dictionary entry per
        // resource: each resource becomes one (hash of hosts and shape, resource number) long, and the sort
        // brings candidates together. Within a run of equal hashes, resources stay in declaration order, so
        // each one is compared with the earlier ones in order, exactly as a map of lists would.
        var apis = ctx.Config.Apis;
        var hostKeys = new string?[apis.Count]; // null: the API's resources are not checked
        var firstResource = new int[apis.Count + 1];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        for (var i = 0; i < apis.Count; i++)
        {
            var api = apis[i];
            firstResource[i] = total;
            total += api.Resources.Count;
            // An API that duplicates an earlier one is reported by ApiConflictRule; its routes would only echo that.
            var hosts = HostSet.Key(api.Hosts);
            if (api.BasePath.Length != 0 && seen.Add(hosts + "|" + api.BasePath)) hostKeys[i] = hosts;
        }
        firstResource[apis.Count] = total;

        var shapes = new ShapeWriter();
        var keys = new long[total];
        var count = 0;
        for (var i = 0; i < apis.Count; i++)
        {
            if (hostKeys[i] is not { } hosts) continue;
            var api = apis[i];
            for (var j = 0; j < api.Resources.Count; j++)
            {
                var path = api.Resources[j].Path;
                if (path.Length == 0) continue;
                var hash = HashCode.Combine(string.GetHashCode(hosts, StringComparison.Ordinal),
                    string.GetHashCode(shapes.Write(api.BasePath, path, 0), StringComparison.Ordinal));
                keys[count++] = ((long)hash << 32) | (uint)(firstResource[i] + j);
            }
        }
        Array.Sort(keys, 0, count);

        List<(int Resource, int Other, string Shared)>? conflicts = null;
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && keys[end] >> 32 == keys[start] >> 32) end++;
            for (var k = start + 1; k < end; k++)
            {
                var (ai, ri) = Locate((int)keys[k], firstResource);
                var a = apis[ai];
                var r = a.Resources[ri];
                for (var e = start; e < k; e++)
                {
                    var (aj, rj) = Locate((int)keys[e], firstResource);
                    var b = apis[aj];
                    if (!string.Equals(hostKeys[ai], hostKeys[aj], StringComparison.Ordinal)
                        || !shapes.Write(a.BasePath, r.Path, 0).SequenceEqual(shapes.Write(b.BasePath, b.Resources[rj].Path, 1))) continue;
                    var shared = SharedMethod(b.Resources[rj].Methods, r.Methods);
                    if (shared is null) continue;
                    (conflicts ??= []).Add(((int)keys[k], (int)keys[e], shared));
                    break;
                }
            }
            start = end;
        }
        if (conflicts is null) return;

        // Reported in declaration order, as the resources were checked one after the other.
        conflicts.Sort(static (x, y) => x.Resource.CompareTo(y.Resource));
        foreach (var (resource, other, shared) in conflicts)
        {
            var (i, j) = Locate(resource, firstResource);
            var (oi, oj) = Locate(other, firstResource);
            var full = PathTemplate.Join(apis[i].BasePath, apis[i].Resources[j].Path);
            ctx.Report(ValidationContext.Resource(i, j) + ".path",
                $"route {shared} {full} conflicts with {ctx.Describe(ValidationContext.Resource(oi, oj))}: expected each host, path and method to map to one resource");
        }
    }

    /// <summary>API and resource index of a resource number (resources numbered across all APIs).</summary>
    private static (int Api, int Resource) Locate(int resource, int[] firstResource)
    {
        var at = Array.BinarySearch(firstResource, resource);
        if (at < 0) at = ~at - 1;
        else while (at + 1 < firstResource.Length && firstResource[at + 1] == resource) at++; // skip APIs without resources
        return (at, resource - firstResource[at]);
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

    /// <summary>
    /// Writes <c>PathTemplate.Shape(PathTemplate.Join(basePath, template))</c> into one of two reused
    /// buffers. Comparing hosts and shape separately is comparing <c>hosts + "|" + shape</c>: host sets
    /// never contain '|' and a shape starts with '/'.
    /// </summary>
    private sealed class ShapeWriter
    {
        private readonly char[][] _buffers = [new char[256], new char[256]];

        public ReadOnlySpan<char> Write(string basePath, string template, int buffer)
        {
            ReadOnlySpan<char> first = basePath == "/" ? template : basePath;
            ReadOnlySpan<char> second = basePath == "/" || template == "/" ? default : template;
            // A segment written "{" becomes "{}": at most one extra character per segment.
            var most = 2 * (first.Length + second.Length);
            if (_buffers[buffer].Length < most) _buffers[buffer] = new char[most];
            var output = _buffers[buffer];
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
                        // A segment starting with '{' is written "{}", whatever follows up to the next '/'.
                        output[written++] = '{';
                        output[written++] = '}';
                        erasing = true;
                        segmentStart = false;
                        continue;
                    }
                    output[written++] = c;
                    segmentStart = c == '/';
                }
            }
            return output.AsSpan(0, written);
        }
    }
}
