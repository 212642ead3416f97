namespace Edge.Throttling;

/// <summary>
/// Several limits on one request: all must pass, and a request that one limit refuses leaves no token
/// taken from the others. CAS makes each bucket atomic but not the set, so the protocol is:
/// <list type="number">
/// <item>Peek every bucket (reads only). If any would refuse, refuse now: a flood of refused requests
/// never writes to — and never contends on — the buckets that would have let it through.</item>
/// <item>Take from each bucket in order. If one refuses (it was drained between the peek and the take),
/// refund the buckets already taken from, in reverse order, and refuse.</item>
/// </list>
/// A refund is clamped at full, so it can never raise a bucket above its capacity; the cost of the race
/// is that, for the microseconds between a take and its refund, a concurrent request may see one token
/// fewer in an earlier bucket (it errs towards refusing, never towards minting).
/// </summary>
internal static class LimitChain
{
    /// <summary>
    /// Most limits one request is checked against (API, resource, subscription, application, … each may
    /// hold several); the snapshot compiler refuses more. Sizes <see cref="LimitHandles"/>.
    /// </summary>
    public const int MaxLimits = 8;

    /// <summary>
    /// Takes one token from every bucket, or from none. Returns -1 when all passed, otherwise the index of
    /// the refusing bucket. <paramref name="readings"/> (at least as long as <paramref name="buckets"/>)
    /// receives each bucket's state for the RateLimit headers.
    /// </summary>
    public static int TryTakeAll(ReadOnlySpan<BucketHandle> buckets, long nowMicros, Span<BucketReading> readings)
    {
        if (readings.Length < buckets.Length) throw new ArgumentException("one reading per bucket is needed", nameof(readings));
        var refused = -1;
        // One bucket needs no peek: its take is already all-or-nothing.
        if (buckets.Length > 1)
        {
            for (var i = 0; i < buckets.Length; i++)
            {
                if (!buckets[i].Peek(nowMicros, out readings[i]) && refused < 0) refused = i;
            }
            if (refused >= 0) return refused;
        }
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i].TryTake(nowMicros, out readings[i])) continue;
            for (var j = i - 1; j >= 0; j--)
            {
                buckets[j].Refund(nowMicros);
                buckets[j].Peek(nowMicros, out readings[j]);
            }
            return i;
        }
        return -1;
    }
}
