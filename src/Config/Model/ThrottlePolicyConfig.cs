namespace Edge.Config.Model;

/// <summary>A throttle policy on an API or resource: which tier, and what the bucket is keyed by.</summary>
public sealed record ThrottlePolicyConfig(string Tier, ValueList<ThrottleKeyPart> Key);
