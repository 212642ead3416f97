namespace Edge.Config.Model;

/// <summary>A named tier. <paramref name="Rate"/> is null for "Unlimited".</summary>
/// <param name="Burst">Bucket capacity; defaults to the rate's count.</param>
public sealed record TierConfig(string Name, Rate? Rate, long Burst)
{
    public bool IsUnlimited => Rate is null;
}
