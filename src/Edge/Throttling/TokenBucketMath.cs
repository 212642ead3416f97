namespace Edge.Throttling;

/// <summary>
/// The token bucket, as operations on one 64-bit state word updated by compare-and-swap: no lock, no
/// allocation, exact integer arithmetic. The word is the bucket's virtual "full at" time (GCRA's theoretical
/// arrival time), which encodes both the tokens and the last refill:
/// <code>
///   v        = now in whole units × Accrual               (virtual time, grows Accrual per unit)
///   deficit  = max(0, state − v)                          (scaled units missing from a full bucket)
///   tokens   = (Capacity − deficit) / Cost                (whole tokens left)
///   take     : deficit + Cost ≤ Capacity  ⇒  state' = max(state, v) + Cost
///   refund   : state' = max(state − Cost, v)              (never above full)
/// </code>
/// Refill is implicit: as v grows the deficit shrinks, and the max(…, v) caps the bucket at full. A new
/// bucket is state 0, full at any time ≥ 0. A clock read earlier than the last one only makes v smaller,
/// which makes the deficit larger: time going backwards never mints tokens. docs/throttling.md has the
/// derivation and the sizing that keeps every value below 2^62.
/// </summary>
internal static class TokenBucketMath
{
    /// <summary>Takes one token if the bucket has one. A refusal writes nothing, so a flood of refused
    /// requests only reads the shared cache line.</summary>
    public static bool TryTake(ref long state, ThrottleLimit limit, long nowMicros, out BucketReading reading)
    {
        var v = limit.VirtualTime(nowMicros);
        long cost = limit.Cost, capacity = limit.Capacity;
        var current = Volatile.Read(ref state);
        while (true)
        {
            var deficit = Math.Max(0, current - v);
            if (deficit > capacity - cost)
            {
                reading = Read(limit, deficit, nowMicros);
                return false;
            }
            var next = v + deficit + cost; // = max(current, v) + cost
            var seen = Interlocked.CompareExchange(ref state, next, current);
            if (seen == current)
            {
                reading = Read(limit, deficit + cost, nowMicros);
                return true;
            }
            current = seen;
        }
    }

    /// <summary>Whether a take would succeed now, without taking.</summary>
    public static bool Peek(ref long state, ThrottleLimit limit, long nowMicros, out BucketReading reading)
    {
        var deficit = Math.Max(0, Volatile.Read(ref state) - limit.VirtualTime(nowMicros));
        reading = Read(limit, deficit, nowMicros);
        return deficit <= limit.Capacity - limit.Cost;
    }

    /// <summary>
    /// Gives back one token taken earlier (a later limit refused the request). Clamped at full: if the
    /// bucket refilled in between, the refund cannot push it past its capacity.
    /// </summary>
    public static void Refund(ref long state, ThrottleLimit limit, long nowMicros)
    {
        var v = limit.VirtualTime(nowMicros);
        var current = Volatile.Read(ref state);
        while (current > v)
        {
            var next = Math.Max(current - limit.Cost, v);
            var seen = Interlocked.CompareExchange(ref state, next, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>True when the bucket is full: it carries no information, so forgetting it is lossless.</summary>
    public static bool IsFull(long state, ThrottleLimit limit, long nowMicros) => state <= limit.VirtualTime(nowMicros);

    /// <summary>Scaled units missing from a full bucket (0 when full); the eviction victim order.</summary>
    public static long Deficit(long state, ThrottleLimit limit, long nowMicros) => Math.Max(0, state - limit.VirtualTime(nowMicros));

    /// <summary>The reading of a bucket <paramref name="deficit"/> scaled units short of full.</summary>
    internal static BucketReading Read(ThrottleLimit limit, long deficit, long nowMicros) => new(limit, deficit, nowMicros);
}
