namespace Edge.Config.Validation;

/// <summary>A canonical text for an API's host list (lower-case, sorted, distinct; "" = any host), so equal sets compare equal.</summary>
internal static class HostSet
{
    public static string Key(IEnumerable<string> hosts) =>
        hosts is IReadOnlyCollection<string> { Count: 0 } ? "" // most APIs: any host, and this runs per API
            : string.Join(",", hosts.Select(h => h.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
}
