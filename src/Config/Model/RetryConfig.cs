namespace Edge.Config.Model;

/// <param name="Budget">Retries allowed as a fraction of recent requests (0..1), so retries cannot amplify an outage.</param>
public sealed record RetryConfig(int Count, double Budget, bool NonIdempotent)
{
    public static RetryConfig Default { get; } = new(2, 0.2, false);
}
