using Edge.Config.Binding;

namespace Edge.Config.Validation;

/// <summary>Names are how everything else refers to listeners, upstreams, APIs and tiers, so each must be unique.</summary>
internal static class DuplicateNamesRule
{
    public static void Check(ValidationContext ctx)
    {
        var c = ctx.Config;
        Unique(ctx, "listener name", c.Listeners.Select((l, i) => (l.Name, ValidationContext.Listener(i) + ".name")), StringComparer.Ordinal);
        // Two listeners on one address would fail at bind time with EADDRINUSE; say so at load time instead.
        Unique(ctx, "bind address", c.Listeners.Select((l, i) => (string.IsNullOrEmpty(l.Bind.Host) ? "" : l.Bind.ToString(), ValidationContext.Listener(i) + ".bind")), StringComparer.OrdinalIgnoreCase);
        Unique(ctx, "upstream name", c.Upstreams.Select((u, i) => (u.Name, ValidationContext.Upstream(i) + ".name")), StringComparer.Ordinal);
        Unique(ctx, "API name", c.Apis.Select((a, i) => (a.Name, ValidationContext.Api(i) + ".name")), StringComparer.Ordinal);
        // TOML already forbids identical keys; tiers differing only in case are confusing in tokens' tier claims.
        Unique(ctx, "tier name", c.Throttle.Tiers.Select(t => (t.Name, KeyPath.Child("throttle.tiers", t.Name))), StringComparer.OrdinalIgnoreCase);
        // A token names its issuer by iss: two entries for one iss would make its keys ambiguous.
        if (c.Auth.Jwt is { } jwt)
            Unique(ctx, "issuer", jwt.Issuers.Select((x, i) => (x.Issuer, KeyPath.Index("auth.jwt.issuers", i) + ".issuer")), StringComparer.Ordinal);
        Unique(ctx, "API key name", c.Auth.ApiKeys.Select((k, i) => (k.Name, KeyPath.Index("auth.api_keys", i) + ".name")), StringComparer.Ordinal);
        Unique(ctx, "API key digest", c.Auth.ApiKeys.Select((k, i) => (k.Sha256, KeyPath.Index("auth.api_keys", i) + ".sha256")), StringComparer.OrdinalIgnoreCase);
        Unique(ctx, "user name", c.Auth.BasicUsers.Select((u, i) => (u.Name, KeyPath.Index("auth.basic_users", i) + ".name")), StringComparer.Ordinal);
    }

    private static void Unique(ValidationContext ctx, string what, IEnumerable<(string Name, string Path)> items, StringComparer comparer)
    {
        var seen = new Dictionary<string, string>(comparer);
        foreach (var (name, path) in items)
        {
            if (name.Length == 0) continue; // missing: already reported by binding
            if (seen.TryGetValue(name, out var first))
            {
                ctx.Report(path, $"duplicate {what} \"{name}\": already used by {ctx.Describe(first)}; expected each {what} to be unique");
            }
            else seen.Add(name, path);
        }
    }
}
