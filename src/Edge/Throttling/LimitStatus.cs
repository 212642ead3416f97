namespace Edge.Throttling;

/// <summary>One limit's state for the response headers: its policy name, definition and latest reading.</summary>
/// <param name="PolicyName">The name as an RFC 9651 sf-string, quotes included (<see cref="RateLimitHeaders.EncodePolicyName"/>).</param>
internal readonly record struct LimitStatus(byte[] PolicyName, ThrottleLimit Limit, BucketReading Reading);
