namespace Edge.Throttling;

/// <summary>
/// What a bucket said at one instant, for the response headers: whole tokens left, how long until the
/// next token (non-zero only when none is left), and how long until the bucket is full again.
/// </summary>
internal readonly record struct BucketReading(long Remaining, long MicrosUntilToken, long MicrosUntilFull)
{
    /// <summary>Whole seconds to wait before a retry can succeed, rounded up (RFC 9110 §10.2.3 delay-seconds).</summary>
    public long RetryAfterSeconds => CeilSeconds(MicrosUntilToken);

    /// <summary>Whole seconds until the bucket is full again, rounded up.</summary>
    public long FullInSeconds => CeilSeconds(MicrosUntilFull);

    internal static long CeilSeconds(long micros) => micros <= 0 ? 0 : (micros + 999_999) / 1_000_000;
}
