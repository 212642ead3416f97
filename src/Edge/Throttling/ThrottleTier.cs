namespace Edge.Throttling;

/// <summary>A named tier (config <c>[throttle.tiers] Gold = "5000/min"</c>); <see cref="Limit"/> is null for "Unlimited".</summary>
internal sealed record ThrottleTier(string Name, ThrottleLimit? Limit)
{
    public bool IsUnlimited => Limit is null;
}
