namespace Edge.Upstream.Health;

/// <summary>Passive ejection: after <see cref="ConsecutiveFailures"/> failed forwards in a row, the endpoint rests for <see cref="Eject"/>.</summary>
internal sealed record PassiveHealthOptions(int ConsecutiveFailures, TimeSpan Eject)
{
    /// <summary>For endpoints built outside a config (benchmarks, unit tests): never ejects.</summary>
    public static PassiveHealthOptions Off { get; } = new(int.MaxValue, TimeSpan.Zero);
}
