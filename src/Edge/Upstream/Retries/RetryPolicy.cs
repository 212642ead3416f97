namespace Edge.Upstream.Retries;

/// <summary>
/// How one upstream retries (its <c>retries</c> table): at most <see cref="Count"/> further attempts per
/// request, each on an endpoint not yet tried, and only while the cluster's <see cref="RetryBudget"/>
/// allows. <see cref="NonIdempotent"/> lets a reset before the response replay POST/PATCH too; a resource
/// can override it (<c>retry_non_idempotent</c>).
/// </summary>
internal sealed record RetryPolicy(int Count, double Budget, bool NonIdempotent)
{
    /// <summary>No retry at all (tests and direct cluster construction).</summary>
    public static RetryPolicy None { get; } = new(0, 0, false);
}
