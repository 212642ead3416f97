using Edge.Security.Jwt;
using Edge.Throttling;

namespace Edge.Policies;

/// <summary>
/// An API's subscription limits (<c>subscription_throttle = true</c>): the caller's tier comes from the
/// token's <c>tier_claim</c> (else <c>[throttle] default_tier</c>; neither: no subscription limit), and
/// the tier's limit is counted per application (<c>application_claim</c>) and API, in one table per
/// (API, tier). An "Unlimited" tier applies no limit. Shared by every route of the API.
/// </summary>
internal sealed class SubscriptionLimits
{
    /// <summary>Longest tier claim value looked up; a longer one names no tier.</summary>
    public const int MaxTierNameBytes = 128;

    private readonly byte[] _tierClaim;
    private readonly TierCatalog _catalog;
    private readonly KeyedBucketTable?[] _tables;
    private readonly byte[][] _names;
    private readonly int _defaultTier;

    /// <param name="tables">By tier index in <paramref name="catalog"/>; null for an Unlimited tier.</param>
    /// <param name="defaultTier">The tier index for tokens without a known tier, or -1.</param>
    public SubscriptionLimits(byte[] tierClaim, TierCatalog catalog, KeyedBucketTable?[] tables, ThrottleKeyRecipe recipe, int defaultTier)
    {
        _tierClaim = tierClaim;
        _catalog = catalog;
        _tables = tables;
        Recipe = recipe;
        _defaultTier = defaultTier;
        _names = [.. catalog.Tiers.Select(t => RateLimitHeaders.EncodePolicyName(t.Name))];
    }

    /// <summary>The key of a subscription bucket: the application claim and the API.</summary>
    public ThrottleKeyRecipe Recipe { get; }

    public int MaxPolicyNameLength => _names.Length == 0 ? 0 : _names.Max(n => n.Length);

    /// <summary>The caller's tier's table and policy name, or false when no subscription limit applies.</summary>
    public bool TryGetTable(VerifiedJwt? jwt, out KeyedBucketTable table, out byte[] policyName)
    {
        var tier = -1;
        if (jwt is not null)
        {
            Span<byte> name = stackalloc byte[MaxTierNameBytes];
            if (jwt.TryGetClaimText(_tierClaim, name, out var written)) tier = _catalog.IndexOf(name[..written]);
        }
        if (tier < 0) tier = _defaultTier;
        if (tier < 0 || _tables[tier] is not { } t)
        {
            table = null!;
            policyName = null!;
            return false;
        }
        table = t;
        policyName = _names[tier];
        return true;
    }
}
