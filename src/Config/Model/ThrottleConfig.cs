namespace Edge.Config.Model;

/// <summary><c>[throttle]</c>: the bucket table size, which claims name a tier, and the tiers.</summary>
public sealed record ThrottleConfig(long MaxKeys, string TierClaim, string ApplicationClaim, ValueList<TierConfig> Tiers)
{
    public static ThrottleConfig Default { get; } = new(100_000, "tier", "azp", default);
}

/// <summary>A named tier. <paramref name="Rate"/> is null for "Unlimited".</summary>
/// <param name="Burst">Bucket capacity; defaults to the rate's count.</param>
public sealed record TierConfig(string Name, Rate? Rate, long Burst)
{
    public bool IsUnlimited => Rate is null;
}

/// <summary>A throttle policy on an API or resource: which tier, and what the bucket is keyed by.</summary>
public sealed record ThrottlePolicyConfig(string Tier, ValueList<ThrottleKeyPart> Key);

/// <summary>One part of a throttle key ("claim:sub"); <paramref name="Name"/> is set for header, query and claim.</summary>
public sealed record ThrottleKeyPart(ThrottleKeyKind Kind, string? Name);
