namespace Edge.Config.Validation;

/// <summary>A canonical text for an API's host list (lower-case, sorted, distinct; "" = any host), so equal sets compare equal.</summary>
internal static class HostSet
{
    public static string Key(IEnumerable<string> hosts) =>
        string.Join(",", hosts.Select(h => h.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
}
