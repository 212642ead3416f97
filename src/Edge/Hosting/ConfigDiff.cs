using Edge.Config.Model;

namespace Edge.Hosting;

/// <summary>
/// What a reload changed, for the log line: items are matched by name and compared with the model's
/// value equality, so "~1" means a block with the same name whose settings differ.
/// </summary>
internal static class ConfigDiff
{
    public static string Describe(EdgeConfig previous, EdgeConfig next) =>
        $"apis {Count(previous.Apis, next.Apis, a => a.Name)}, " +
        $"upstreams {Count(previous.Upstreams, next.Upstreams, u => u.Name)}, " +
        $"listeners {Count(previous.Listeners, next.Listeners, l => l.Name)}";

    internal static (int Added, int Removed, int Changed) Compare<T>(IReadOnlyList<T> previous, IReadOnlyList<T> next, Func<T, string> name)
        where T : notnull
    {
        var before = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in previous) before.TryAdd(name(item), item);
        int added = 0, changed = 0, matched = 0;
        foreach (var item in next)
        {
            if (!before.TryGetValue(name(item), out var old)) added++;
            else
            {
                matched++;
                if (!old.Equals(item)) changed++;
            }
        }
        return (added, before.Count - matched, changed);
    }

    private static string Count<T>(IReadOnlyList<T> previous, IReadOnlyList<T> next, Func<T, string> name) where T : notnull
    {
        var (added, removed, changed) = Compare(previous, next, name);
        return $"+{added} -{removed} ~{changed}";
    }
}
