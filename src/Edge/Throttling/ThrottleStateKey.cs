namespace Edge.Throttling;

/// <summary>
/// The identity of one piece of throttle state: where the limit is attached (<paramref name="Scope"/>,
/// e.g. "api:coffeebar" or "resource:coffeebar GET /order/{orderId}#0" or "subscription:coffeebar:Gold"),
/// its definition, its key recipe and, for keyed state, the table bounds. Value equality: a reload that
/// produces an equal key keeps the existing buckets.
/// </summary>
/// <param name="Table">Null for a constant-key limit (a single <see cref="TokenBucket"/>).</param>
internal sealed record ThrottleStateKey(string Scope, ThrottleLimit Limit, ThrottleKeyRecipe Key, BucketTableOptions? Table);
