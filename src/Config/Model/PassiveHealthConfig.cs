namespace Edge.Config.Model;

/// <summary>Passive health: eject an endpoint for <c>Eject</c> after <c>ConsecutiveFailures</c> failed requests.</summary>
public sealed record PassiveHealthConfig(int ConsecutiveFailures, Duration Eject)
{
    public static PassiveHealthConfig Default { get; } = new(5, Duration.FromSeconds(30));
}
