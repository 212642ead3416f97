using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>Every throttle policy, and <c>[throttle] default_tier</c>, must name a tier defined under <c>[throttle.tiers]</c>.</summary>
internal static class TierReferenceRule
{
    public static void Check(ValidationContext ctx)
    {
        var tiers = ctx.Config.Throttle.Tiers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var known = tiers.Count == 0 ? "no tiers are defined" : "defined: " + string.Join(", ", tiers.Order(StringComparer.Ordinal).Select(n => "\"" + n + "\""));
        if (ctx.Config.Throttle.DefaultTier is { Length: > 0 } fallback && !tiers.Contains(fallback))
            ctx.Report("throttle.default_tier", $"undefined tier \"{fallback}\"{Suggest.For(fallback, tiers)}: expected a tier from [throttle.tiers] ({known})");
        for (var i = 0; i < ctx.Config.Apis.Count; i++)
        {
            var api = ctx.Config.Apis[i];
            CheckPolicies(ctx, api.Throttle, i, -1, tiers, known);
            for (var j = 0; j < api.Resources.Count; j++)
            {
                if (api.Resources[j].Throttle is { } policies)
                {
                    CheckPolicies(ctx, policies, i, j, tiers, known);
                }
            }
        }
    }

    /// <param name="resource">The resource's index, or -1 for the API's own policies; the path is only rendered for a report.</param>
    private static void CheckPolicies(ValidationContext ctx, ValueList<ThrottlePolicyConfig> policies, int api, int resource, HashSet<string> tiers, string known)
    {
        for (var k = 0; k < policies.Count; k++)
        {
            var tier = policies[k].Tier;
            if (tier.Length == 0 || tiers.Contains(tier)) continue;
            var path = (resource < 0 ? ValidationContext.Api(api) : ValidationContext.Resource(api, resource)) + ".throttle";
            // A single inline table binds at "throttle", an array at "throttle[k]".
            var p = ctx.Map.Contains(path + "[" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]")
                ? path + "[" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "].tier"
                : path + ".tier";
            ctx.Report(p, $"undefined tier \"{tier}\"{Suggest.For(tier, tiers)}: expected a tier from [throttle.tiers] ({known})");
        }
    }
}
