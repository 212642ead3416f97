using System.Text;
using Edge.Config.Model;
using Edge.Policies;
using Edge.Throttling;

namespace Edge.Snapshot;

/// <summary>
/// Compiles <c>[throttle]</c> and the APIs' and resources' <c>throttle</c> entries into each route's
/// <see cref="ThrottlePolicy"/> (docs/throttling.md, "Configuration"):
/// <list type="bullet">
/// <item>tiers → <see cref="ThrottleLimit"/>s (a rate that cannot be represented exactly is reported at
/// its tier); "Unlimited" applies no limit;</item>
/// <item>an API's entries apply to every resource, and a resource's entries add to them;</item>
/// <item>a key of only "api"/"resource" is one bucket where the limit is attached (an API entry keyed by
/// "resource" is one bucket per resource), any other key a table bounded by <c>max_keys</c>;</item>
/// <item><c>subscription_throttle</c>: one table per (API, tier), keyed by the application claim.</item>
/// </list>
/// State comes from a <see cref="ThrottleStateRegistry"/> built on the previous snapshot's, so a reload
/// keeps every bucket whose scope, limit, key and bounds are unchanged.
/// </summary>
internal sealed class ThrottleCompiler
{
    private readonly ThrottleConfig _config;
    private readonly ThrottleStateRegistry _registry;
    private readonly ThrottleClock _clock;
    private readonly TierCatalog _catalog;
    private readonly BucketTableOptions _tableOptions;
    private readonly List<SnapshotProblem> _problems;
    private readonly Dictionary<string, SubscriptionLimits?> _subscriptions = new(StringComparer.Ordinal);

    public ThrottleCompiler(ThrottleConfig config, ThrottleState? previous, TimeProvider time, List<SnapshotProblem> problems)
    {
        _config = config;
        _problems = problems;
        _registry = new ThrottleStateRegistry(previous?.Registry);
        _clock = previous?.Clock ?? new ThrottleClock(time);
        _tableOptions = new BucketTableOptions((int)config.MaxKeys);
        var tiers = new List<ThrottleTier>();
        foreach (var tier in config.Tiers)
        {
            if (tier.Rate is not { } rate)
            {
                tiers.Add(new ThrottleTier(tier.Name, null));
                continue;
            }
            if (ThrottleLimit.TryCreate(rate.Count, rate.Period.Milliseconds / 1000, tier.Burst, out var limit, out var error))
                tiers.Add(new ThrottleTier(tier.Name, limit));
            else
                problems.Add(new(TierPath(tier.Name), $"tier \"{tier.Name}\" ({rate}, burst {tier.Burst}): {error}"));
        }
        _catalog = new TierCatalog(tiers);
    }

    /// <summary>The route's throttle step, or null when no limit applies to it.</summary>
    /// <param name="resourceAt">The resource's key path, or null for an API's catch-all route.</param>
    public ThrottlePolicy? Compile(ApiConfig api, int apiIndex, ResourceConfig resource, string? resourceAt)
    {
        var resourceId = (resource.Methods.IsEmpty ? "*" : string.Join(',', resource.Methods)) + " " + resource.Path;
        var limits = new List<RouteLimit>();
        AddLimits(limits, api.Throttle, $"apis[{apiIndex}].throttle", api.Name, resourceId, apiLevel: true);
        if (resource.Throttle is { } own && resourceAt is not null)
            AddLimits(limits, own, resourceAt + ".throttle", api.Name, resourceId, apiLevel: false);
        var subscription = api.SubscriptionThrottle ? Subscription(api) : null;
        if (limits.Count == 0 && subscription is null) return null;
        if (limits.Count + (subscription is null ? 0 : 1) > LimitChain.MaxLimits)
        {
            _problems.Add(new(resourceAt is not null && resource.Throttle is not null ? resourceAt + ".throttle" : $"apis[{apiIndex}].throttle",
                $"{limits.Count + (subscription is null ? 0 : 1)} limits would apply to one request (the API's, the resource's{(subscription is null ? "" : " and the subscription's")}): expected at most {LimitChain.MaxLimits}"));
            return null;
        }
        return new ThrottlePolicy(_clock, limits, subscription, api.RateLimitHeaders, Encoding.UTF8.GetBytes(api.Name), Encoding.UTF8.GetBytes(resourceId));
    }

    /// <summary>Seals the registry (no chain of registries across reloads) and hands the state to the snapshot.</summary>
    public ThrottleState Finish()
    {
        _registry.Seal();
        return new ThrottleState { Registry = _registry, Clock = _clock, Tiers = _catalog };
    }

    private void AddLimits(List<RouteLimit> limits, ValueList<ThrottlePolicyConfig> entries, string at, string apiName, string resourceId, bool apiLevel)
    {
        for (var k = 0; k < entries.Count; k++)
        {
            var entry = entries[k];
            // An undefined tier is reported by the config's validation; an Unlimited one applies nothing.
            if (!_catalog.TryGet(entry.Tier, out var tier) || tier.Limit is not { } limit) continue;
            ThrottleKeyRecipe recipe;
            try
            {
                recipe = new ThrottleKeyRecipe(entry.Key.Select(ToPart), _config.IPv6Prefix);
            }
            catch (ArgumentException e)
            {
                _problems.Add(new(entries.Count == 1 ? at + ".key" : $"{at}[{k}].key", e.Message));
                continue;
            }
            var scope = apiLevel ? $"api:{apiName}#{k}" : $"resource:{apiName} {resourceId}#{k}";
            var name = RateLimitHeaders.EncodePolicyName(entry.Name ?? entry.Tier);
            if (recipe.IsConstantPerScope)
            {
                // Constant where attached; an API-wide entry keyed by "resource" is one bucket per resource.
                if (apiLevel && recipe.Parts.Any(p => p.Kind == KeyPartKind.Resource)) scope += "@" + resourceId;
                limits.Add(new RouteLimit { PolicyName = name, Bucket = _registry.Bucket(new ThrottleStateKey(scope, limit, recipe, null)) });
            }
            else
            {
                limits.Add(new RouteLimit
                {
                    PolicyName = name,
                    Table = _registry.Table(new ThrottleStateKey(scope, limit, recipe, _tableOptions)),
                    Recipe = recipe,
                    SkipWhenMissing = entry.WhenMissing == ThrottleMissingKey.Skip,
                });
            }
        }
    }

    /// <summary>One per API, shared by its routes.</summary>
    private SubscriptionLimits? Subscription(ApiConfig api)
    {
        if (_subscriptions.TryGetValue(api.Name, out var existing)) return existing;
        var recipe = new ThrottleKeyRecipe([new KeyPart(KeyPartKind.Claim, _config.ApplicationClaim), new KeyPart(KeyPartKind.Api)], _config.IPv6Prefix);
        var tiers = _catalog.Tiers;
        var tables = new KeyedBucketTable?[tiers.Count];
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i].Limit is { } limit)
                tables[i] = _registry.Table(new ThrottleStateKey($"subscription:{api.Name}:{tiers[i].Name}", limit, recipe, _tableOptions));
        }
        var fallback = _config.DefaultTier is { } d ? IndexOf(tiers, d) : -1;
        var subscription = tables.Any(t => t is not null)
            ? new SubscriptionLimits(Encoding.UTF8.GetBytes(_config.TierClaim), _catalog, tables, recipe, fallback)
            : null;
        _subscriptions[api.Name] = subscription;
        return subscription;
    }

    private static int IndexOf(IReadOnlyList<ThrottleTier> tiers, string name)
    {
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i].Name == name) return i;
        }
        return -1;
    }

    private static KeyPart ToPart(ThrottleKeyPart part) => new(part.Kind switch
    {
        ThrottleKeyKind.Api => KeyPartKind.Api,
        ThrottleKeyKind.Resource => KeyPartKind.Resource,
        ThrottleKeyKind.Ip => KeyPartKind.Ip,
        ThrottleKeyKind.Header => KeyPartKind.Header,
        ThrottleKeyKind.Query => KeyPartKind.Query,
        _ => KeyPartKind.Claim,
    }, part.Name);

    /// <summary>"throttle.tiers.NAME", quoting a name that is not a bare TOML key (as the config's paths do).</summary>
    private static string TierPath(string name)
    {
        var bare = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        return "throttle.tiers." + (bare ? name : "\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
    }
}
