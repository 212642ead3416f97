using Edge.Throttling;
using static Edge.Tests.Throttling.ThrottleTime;

namespace Edge.Tests.Throttling;

/// <summary>The bucket's arithmetic: refill, burst, long idle, and the clock at its edges.</summary>
public class TokenBucketTests
{
    private static int Drain(TokenBucket bucket, long now)
    {
        var taken = 0;
        while (bucket.TryTake(now)) taken++;
        return taken;
    }

    [Fact]
    public void A_new_bucket_is_full_and_gives_exactly_its_burst()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(10, 1, 25));
        Assert.True(bucket.Peek(5 * Second, out var reading));
        Assert.Equal(25, reading.Remaining);
        Assert.Equal(0, reading.MicrosUntilFull);
        Assert.Equal(25, Drain(bucket, 5 * Second));
    }

    public static TheoryData<long, long, long, long, long> Refills => new()
    {
        // count, period s, burst, elapsed µs after draining, tokens available then
        { 10, 1, 10, 100 * Ms, 1 },
        { 10, 1, 10, 99_999, 0 },
        { 10, 1, 10, 250 * Ms, 2 },
        { 10, 1, 10, 1 * Second, 10 },
        { 10, 1, 10, 10 * Second, 10 }, // capped at the burst
        { 5000, 60, 5000, 12 * Ms, 1 }, // one token every 12 ms
        { 5000, 60, 5000, 11_999, 0 },
        { 5000, 60, 5000, 30 * Second, 2500 },
        { 7, 60, 7, 8_571_428, 0 }, // 60/7 s = 8.571428… s per token: not one µs early
        { 7, 60, 7, 8_571_429, 1 },
        { 7, 60, 7, 60 * Second, 7 },
        { 1, 86_400, 1, Day - 1, 0 },
        { 1, 86_400, 1, Day, 1 },
        { 1000, 3600, 10, 36 * Second, 10 },
    };

    [Theory]
    [MemberData(nameof(Refills))]
    public void Refill_is_exact_to_the_microsecond(long count, long period, long burst, long elapsed, long expected)
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(count, period, burst));
        var start = 3 * Second + 123;
        Assert.Equal(burst, Drain(bucket, start));
        Assert.Equal(expected, Drain(bucket, start + elapsed));
    }

    [Fact]
    public void Retry_after_and_reset_come_from_the_deficit()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(10, 1, 10));
        Drain(bucket, 0);
        Assert.False(bucket.TryTake(0, out var refused));
        Assert.Equal(0, refused.Remaining);
        Assert.Equal(100 * Ms, refused.MicrosUntilToken);
        Assert.Equal(1 * Second, refused.MicrosUntilFull);
        Assert.Equal(1, refused.RetryAfterSeconds);

        Assert.True(bucket.TryTake(150 * Ms, out var allowed));
        Assert.Equal(0, allowed.Remaining); // 1.5 tokens accrued, one taken, half a token left
        Assert.Equal(50 * Ms, allowed.MicrosUntilToken);
        Assert.Equal(950 * Ms, allowed.MicrosUntilFull);
    }

    [Fact]
    public void Slow_rates_report_long_waits_in_whole_seconds_rounded_up()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(1, 86_400, 1));
        Assert.True(bucket.TryTake(0));
        Assert.False(bucket.TryTake(1 * Hour + 1, out var reading));
        Assert.Equal(Day - Hour - 1, reading.MicrosUntilToken);
        Assert.Equal(82_800, reading.RetryAfterSeconds); // 82,799.999999 s rounds up
    }

    [Fact]
    public void Greedy_consumption_over_many_periods_takes_exactly_burst_plus_rate_times_time()
    {
        // No drift: whatever the step, a client that always takes what is there gets exactly
        // burst + count × periods, including for rates whose token interval is not a whole number of µs.
        // (Each step accrues at most burst − 1 tokens, so the cap never clips what the client left.)
        (long Count, long Period, long Burst, long Step)[] cases =
        [
            (7, 60, 7, 1 * Second), (7, 60, 3, 333_333), (5000, 60, 5000, 7 * Ms), (3, 1, 3, 1), (3, 1, 2, 333_333),
            (1000, 3600, 50, 17 * Second), (997, 1, 997, 997_001), (13, 86_400, 13, 6 * Hour + 1),
        ];
        foreach (var (count, period, burst, step) in cases)
        {
            var bucket = new TokenBucket(ThrottleLimit.Create(count, period, burst));
            const int periods = 3;
            long taken = 0;
            var end = periods * period * Second;
            for (var now = 0L; now < end; now += step) taken += Drain(bucket, now);
            taken += Drain(bucket, end);
            Assert.True(burst + count * periods == taken, $"{count}/{period}s burst {burst} step {step}: {taken}");
        }
    }

    [Fact]
    public void Long_idle_refills_to_the_burst_without_overflow()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(1_000_000_000, 1, 1_000_000_000));
        Assert.True(bucket.TryTake(0));
        foreach (var idle in new[] { Hour, Day, 30 * Day, 10 * Year, 35 * Year })
        {
            Assert.True(bucket.Peek(idle, out var reading));
            Assert.Equal(1_000_000_000, reading.Remaining);
        }
    }

    [Fact]
    public void The_same_tick_never_refills()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(1_000_000, 1, 3)); // a token per µs
        Assert.Equal(3, Drain(bucket, 42));
        Assert.False(bucket.TryTake(42));
        Assert.True(bucket.TryTake(43));
        Assert.False(bucket.TryTake(43));
    }

    [Fact]
    public void A_clock_going_backwards_mints_no_tokens()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(10, 1, 10));
        Assert.Equal(10, Drain(bucket, 10 * Second));
        // The clock steps back 5 s: the bucket looks further from full, not fuller.
        Assert.False(bucket.Peek(5 * Second, out var back));
        Assert.Equal(0, back.Remaining);
        Assert.Equal(5 * Second + 100 * Ms, back.MicrosUntilToken);
        Assert.Equal(0, Drain(bucket, 5 * Second));
        Assert.Equal(0, Drain(bucket, 0));
        // And when it catches up, exactly what accrued since the drain is there.
        Assert.Equal(3, Drain(bucket, 10 * Second + 300 * Ms));
    }

    [Fact]
    public void A_refund_never_raises_a_bucket_above_its_burst()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(10, 1, 5));
        Assert.True(bucket.TryTake(0));
        bucket.Refund(0);
        bucket.Refund(0); // a second refund for the same token finds the bucket full
        Assert.Equal(5, Drain(bucket, 0));

        Assert.True(bucket.TryTake(10 * Second));
        bucket.Refund(20 * Second); // refilled meanwhile: the refund is clamped at full
        Assert.Equal(5, Drain(bucket, 20 * Second));
    }

    [Fact]
    public void Huge_jumps_and_out_of_range_times_are_clamped_not_overflowed()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(1000, 1, 1000));
        Assert.True(bucket.TryTake(ThrottleClock.MaxMicros - 1));
        Assert.Equal(999, Drain(bucket, ThrottleClock.MaxMicros));
        Assert.Equal(0, Drain(bucket, long.MaxValue)); // clamps to the horizon: no time passes
        Assert.Equal(0, Drain(bucket, long.MinValue)); // clamps to 0: further "back", still nothing minted
        var fresh = new TokenBucket(ThrottleLimit.Create(1000, 1, 1000));
        Assert.Equal(1000, Drain(fresh, long.MaxValue));
        Assert.Equal(1000, Drain(new TokenBucket(fresh.Limit), -5));
    }

    [Fact]
    public void A_full_bucket_reads_as_full_and_idle()
    {
        var limit = ThrottleLimit.Create(10, 1, 10);
        long state = 0;
        Assert.True(TokenBucketMath.IsFull(state, limit, 0));
        Assert.True(TokenBucketMath.TryTake(ref state, limit, 5 * Second, out _));
        Assert.False(TokenBucketMath.IsFull(state, limit, 5 * Second + 99_999));
        Assert.True(TokenBucketMath.IsFull(state, limit, 5 * Second + 100 * Ms));
        Assert.Equal(0, TokenBucketMath.Deficit(state, limit, 6 * Second));
    }
}
