using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>Binds <c>[throttle]</c> and its tiers, and the per-API/resource <c>throttle</c> policies.</summary>
internal static class ThrottleBinder
{
    /// <summary>A tier's rate: "Unlimited" (null) or a <see cref="Rate"/>.</summary>
    private static readonly ValueKind<Rate?> TierRate = new("rate",
        "expected a count per period like \"5000/min\", \"10/s\", \"1000/hour\", or \"Unlimited\"",
        (string text, out Rate? value, out string? reason) =>
        {
            reason = null;
            value = null;
            if (text == "Unlimited") return true;
            var ok = Rate.TryParse(text, out var rate);
            value = rate;
            return ok;
        });

    public static ThrottleConfig Bind(TableReader? t)
    {
        var d = ThrottleConfig.Default;
        if (t is null) return d;
        return new ThrottleConfig(
            t.Long("max_keys", d.MaxKeys, 1, 100_000_000),
            t.Get("tier_claim", Kinds.NonEmpty, d.TierClaim),
            t.Get("application_claim", Kinds.NonEmpty, d.ApplicationClaim),
            BindTiers(t.SubTable("tiers")))
        {
            DefaultTier = t.Has("default_tier") ? t.Get("default_tier", Kinds.NonEmpty, "") : null,
            IPv6Prefix = t.Int("ipv6_prefix", ThrottleConfig.DefaultIPv6Prefix, 1, 128),
        };
    }

    private static ValueList<TierConfig> BindTiers(TableReader? t)
    {
        if (t is null) return default;
        t.AcceptAllKeys(); // keys are tier names, not schema
        var tiers = new List<TierConfig>();
        foreach (var (name, node) in t.Table.Entries)
        {
            var path = t.PathOf(name);
            t.Node(name);
            if (node is TomlValue { Kind: TomlValueKind.String })
            {
                if (t.Context.TryRead(node, t.Ref(name), TierRate, out var rate)) tiers.Add(new TierConfig(name, rate, rate?.Count ?? 0));
            }
            else if (node is TomlTable table)
            {
                var r = t.Context.Reader(table, path);
                if (!r.Has("rate"))
                {
                    r.MissingRequired("rate");
                    r.Node("rate");
                }
                var rate = r.Get("rate", TierRate, null);
                var burst = r.OptionalLong("burst", 1, 1_000_000_000);
                if (r.Has("rate")) tiers.Add(new TierConfig(name, rate, burst ?? rate?.Count ?? 0));
            }
            else
            {
                t.Context.TypeError(node, t.Ref(name), "a rate string or a table { rate, burst }");
            }
        }
        return ValueList.From(tiers);
    }

    /// <summary><c>throttle = { tier, key }</c> or an array of such tables; null when absent.</summary>
    public static ValueList<ThrottlePolicyConfig>? BindPolicies(TableReader t, string key)
    {
        var node = t.Node(key);
        if (node is null) return null;
        var result = new List<ThrottlePolicyConfig>();
        if (node is TomlTable single)
        {
            result.Add(BindPolicy(t.Context.Reader(single, t.PathOf(key))));
        }
        else if (node is TomlArray)
        {
            foreach (var p in t.ArrayOfTables(key)) result.Add(BindPolicy(p));
        }
        else
        {
            t.Context.TypeError(node, t.Ref(key), "a table { tier, key } or an array of them");
        }
        return ValueList.From(result);
    }

    private static ThrottlePolicyConfig BindPolicy(TableReader p) =>
        new(p.RequiredString("tier"), p.Get("key", Kinds.ThrottleKey, ValueList.Of(new ThrottleKeyPart(ThrottleKeyKind.Api, null))))
        {
            Name = p.Has("name") ? p.Get("name", Kinds.NonEmpty, "") : null,
            WhenMissing = p.Get("when_missing", Kinds.ThrottleMissing, ThrottleMissingKey.Shared),
        };
}
