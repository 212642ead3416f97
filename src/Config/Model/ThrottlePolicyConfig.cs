namespace Edge.Config.Model;

/// <summary>A throttle policy on an API or resource: which tier, and what the bucket is keyed by.</summary>
public sealed record ThrottlePolicyConfig(string Tier, ValueList<ThrottleKeyPart> Key)
{
    /// <summary>The name in the RateLimit-Policy / RateLimit response fields; null: the tier's name.</summary>
    public string? Name { get; init; }

    /// <summary>What a request without the key's header, query parameter or claim does.</summary>
    public ThrottleMissingKey WhenMissing { get; init; }
}
