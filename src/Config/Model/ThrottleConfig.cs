namespace Edge.Config.Model;

/// <summary><c>[throttle]</c>: the bucket table size, which claims name a tier, and the tiers.</summary>
/// <param name="MaxKeys">Most keys one keyed limit's table holds (each keyed limit has its own table).</param>
/// <param name="TierClaim">The JWT claim naming the caller's subscription tier.</param>
/// <param name="ApplicationClaim">The JWT claim naming the calling application (subscription limits are per application and API).</param>
public sealed record ThrottleConfig(long MaxKeys, string TierClaim, string ApplicationClaim, ValueList<TierConfig> Tiers)
{
    /// <summary>An end site gets a whole /64 (RFC 6177): an IPv6 "ip" key keeps this many leading bits.</summary>
    public const int DefaultIPv6Prefix = 64;

    public static ThrottleConfig Default { get; } = new(100_000, "tier", "azp", default);

    /// <summary>
    /// The subscription tier of a token whose tier claim is absent or names no configured tier; null: such
    /// callers get no subscription limit (the API's own limits still apply).
    /// </summary>
    public string? DefaultTier { get; init; }

    /// <summary>How many leading bits of an IPv6 client address an "ip" key keeps (1–128).</summary>
    public int IPv6Prefix { get; init; } = DefaultIPv6Prefix;
}
