namespace Edge.Config.Model;

/// <summary><c>[throttle]</c>: the bucket table size, which claims name a tier, and the tiers.</summary>
public sealed record ThrottleConfig(long MaxKeys, string TierClaim, string ApplicationClaim, ValueList<TierConfig> Tiers)
{
    public static ThrottleConfig Default { get; } = new(100_000, "tier", "azp", default);
}
