using Edge.Throttling;

namespace Edge.Policies;

/// <summary>
/// One limit on a route (an API's or a resource's <c>throttle</c> entry), compiled: a single bucket when
/// its key is constant where it is attached ("api", "resource"), else a bounded table and the recipe that
/// builds each request's key. The bucket or table is the <see cref="ThrottleStateRegistry"/>'s, so a
/// reload that keeps the definition keeps the state.
/// </summary>
internal sealed class RouteLimit
{
    /// <summary>The policy's name as an sf-string, for RateLimit-Policy / RateLimit.</summary>
    public required byte[] PolicyName { get; init; }

    public TokenBucket? Bucket { get; init; }

    public KeyedBucketTable? Table { get; init; }

    /// <summary>How the key is built (set with <see cref="Table"/>).</summary>
    public ThrottleKeyRecipe? Recipe { get; init; }

    /// <summary><c>when_missing = "skip"</c>: a request without the key's header, query parameter or claim is not counted here.</summary>
    public bool SkipWhenMissing { get; init; }

    public ThrottleLimit Limit => Bucket?.Limit ?? Table!.Limit;
}
