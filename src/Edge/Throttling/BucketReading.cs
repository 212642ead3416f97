namespace Edge.Throttling;

/// <summary>
/// What a bucket said at one instant, for the response headers: whole tokens left, how long until the
/// next token (non-zero only when none is left), and how long until the bucket is full again.
/// </summary>
/// <remarks>
/// Holds only the raw deficit and the time; the values are derived on access. Deriving them costs a few
/// 64-bit divisions, which most requests never need (headers are written on a refusal, or when the API
/// asks), so a take does not pay for them.
/// </remarks>
internal readonly struct BucketReading
{
    private readonly ThrottleLimit? _limit;
    private readonly long _deficit;
    private readonly long _nowMicros;

    /// <summary>A bucket <paramref name="deficit"/> scaled units short of full at <paramref name="nowMicros"/>.</summary>
    internal BucketReading(ThrottleLimit limit, long deficit, long nowMicros)
    {
        _limit = limit;
        _deficit = deficit;
        _nowMicros = nowMicros;
    }

    /// <summary>
    /// Whole tokens left (0 for a default reading). A clock read behind the last take can put the deficit
    /// past the capacity: that is zero tokens, not a negative count.
    /// </summary>
    public long Remaining => _limit is null ? 0 : Math.Max(0, _limit.Capacity - _deficit) / _limit.Cost;

    /// <summary>µs until a take can succeed; 0 when a token is there now.</summary>
    public long MicrosUntilToken
    {
        get
        {
            if (_limit is null) return 0;
            // One token needs deficit ≤ capacity − cost; count the whole units until then.
            var excess = _deficit - (_limit.Capacity - _limit.Cost);
            return _limit.MicrosUntil(_nowMicros, CeilDiv(excess, _limit.Accrual));
        }
    }

    /// <summary>µs until the bucket is full again; 0 when it is full.</summary>
    public long MicrosUntilFull => _limit is null ? 0 : _limit.MicrosUntil(_nowMicros, CeilDiv(_deficit, _limit.Accrual));

    /// <summary>Whole seconds to wait before a retry can succeed, rounded up (RFC 9110 §10.2.3 delay-seconds).</summary>
    public long RetryAfterSeconds => CeilSeconds(MicrosUntilToken);

    /// <summary>Whole seconds until the bucket is full again, rounded up.</summary>
    public long FullInSeconds => CeilSeconds(MicrosUntilFull);

    internal static long CeilSeconds(long micros) => micros <= 0 ? 0 : (micros + 999_999) / 1_000_000;

    private static long CeilDiv(long a, long b) => a <= 0 ? 0 : (a + b - 1) / b;
}
