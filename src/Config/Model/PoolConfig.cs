namespace Edge.Config.Model;

/// <summary>Connection pool per upstream endpoint.</summary>
public sealed record PoolConfig(int MaxConnections, Duration IdleTimeout)
{
    public static PoolConfig Default { get; } = new(256, Duration.FromSeconds(90));
}
