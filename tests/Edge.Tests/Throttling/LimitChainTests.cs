using Edge.Throttling;
using static Edge.Tests.Throttling.ThrottleTime;

namespace Edge.Tests.Throttling;

/// <summary>Several limits on one request: all pass or none is charged.</summary>
public class LimitChainTests
{
    private static int TryAll(long now, Span<BucketReading> readings, params TokenBucket[] buckets)
    {
        Span<BucketHandle> handles = new BucketHandle[buckets.Length];
        for (var i = 0; i < buckets.Length; i++) handles[i] = buckets[i].Handle;
        return LimitChain.TryTakeAll(handles, now, readings);
    }

    private static long Left(TokenBucket bucket, long now)
    {
        bucket.Peek(now, out var reading);
        return reading.Remaining;
    }

    [Fact]
    public void All_passing_limits_are_each_charged_once()
    {
        TokenBucket api = new(ThrottleLimit.Create(100, 60, 100)), user = new(ThrottleLimit.Create(10, 60, 10));
        var space = new LimitReadings();
        Span<BucketReading> readings = space[..2];
        Assert.Equal(-1, TryAll(0, readings, api, user));
        Assert.Equal(99, readings[0].Remaining);
        Assert.Equal(9, readings[1].Remaining);
        Assert.Equal(99, Left(api, 0));
        Assert.Equal(9, Left(user, 0));
    }

    [Fact]
    public void A_later_refusal_leaves_earlier_buckets_untouched()
    {
        TokenBucket api = new(ThrottleLimit.Create(100, 60, 100)), user = new(ThrottleLimit.Create(1, 60, 1)), third = new(ThrottleLimit.Create(5, 1, 5));
        var space = new LimitReadings();
        Span<BucketReading> readings = space[..3];
        Assert.Equal(-1, TryAll(0, readings, api, user, third));
        for (var i = 0; i < 50; i++) Assert.Equal(1, TryAll(Ms, readings, api, user, third));
        Assert.Equal(0, readings[1].Remaining);
        Assert.Equal(60 * Second - Ms, readings[1].MicrosUntilToken);
        Assert.Equal(99, Left(api, Ms)); // only the one admitted request was charged
        Assert.Equal(4, Left(third, Ms)); // buckets after the refusing one are not charged either
    }

    [Fact]
    public void The_first_refusing_limit_is_reported()
    {
        TokenBucket a = new(ThrottleLimit.Create(1, 60, 1)), b = new(ThrottleLimit.Create(1, 60, 1));
        var space = new LimitReadings();
        Span<BucketReading> readings = space[..2];
        Assert.True(a.TryTake(0));
        Assert.True(b.TryTake(0));
        Assert.Equal(0, TryAll(0, readings, a, b));
    }

    [Fact]
    public void A_take_that_loses_the_race_after_the_peek_refunds_every_earlier_bucket()
    {
        // The same one-token bucket twice reproduces the race without threads: both peeks see its token,
        // the first take gets it, the second take is refused. Everything taken before must go back.
        var a = new TokenBucket(ThrottleLimit.Create(10, 1, 10));
        var b = new TokenBucket(ThrottleLimit.Create(1, 60, 1));
        Span<BucketHandle> handles = [a.Handle, b.Handle, b.Handle];
        var space = new LimitReadings();
        Span<BucketReading> readings = space[..3];
        Assert.Equal(2, LimitChain.TryTakeAll(handles, 0, readings));
        Assert.Equal(10, Left(a, 0));
        Assert.Equal(1, Left(b, 0));
        Assert.Equal(10, readings[0].Remaining); // readings of refunded buckets are re-read after the refund
        Assert.Equal(1, readings[1].Remaining);
    }

    [Fact]
    public void A_single_limit_needs_no_peek_and_reports_its_reading()
    {
        var only = new TokenBucket(ThrottleLimit.Create(2, 1, 2));
        var space = new LimitReadings();
        Span<BucketReading> readings = space[..1];
        Span<BucketHandle> handles = [only.Handle];
        Assert.Equal(-1, LimitChain.TryTakeAll(handles, 0, readings));
        Assert.Equal(-1, LimitChain.TryTakeAll(handles, 0, readings));
        Assert.Equal(0, LimitChain.TryTakeAll(handles, 0, readings));
        Assert.Equal(500 * Ms, readings[0].MicrosUntilToken);
    }

    [Fact]
    public void Too_few_readings_is_a_caller_error()
    {
        var only = new TokenBucket(ThrottleLimit.Create(2, 1, 2));
        Assert.Throws<ArgumentException>(() => LimitChain.TryTakeAll([only.Handle, only.Handle], 0, new BucketReading[1]));
    }
}
