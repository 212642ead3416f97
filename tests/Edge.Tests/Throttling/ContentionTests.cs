using Edge.Throttling;
using static Edge.Tests.Throttling.ThrottleTime;

namespace Edge.Tests.Throttling;

/// <summary>
/// Many threads on one bucket with the clock frozen: exactly the burst is granted, never one more or one
/// less. No timing assertions — the machine is shared.
/// </summary>
public class ContentionTests
{
    private static int Threads => Math.Max(4, Environment.ProcessorCount * 2);

    private static long Hammer(int threads, int attempts, Func<bool> take)
    {
        long granted = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            long mine = 0;
            for (var i = 0; i < attempts; i++)
            {
                if (take()) mine++;
            }
            Interlocked.Add(ref granted, mine);
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        return granted;
    }

    [Fact]
    public void N_threads_on_one_bucket_take_exactly_the_burst()
    {
        var bucket = new TokenBucket(ThrottleLimit.Create(1, 86_400, 50_000));
        var now = 7 * Second;
        Assert.Equal(50_000, Hammer(Threads, 40_000, () => bucket.TryTake(now)));
        Assert.False(bucket.TryTake(now));
    }

    [Fact]
    public void N_threads_on_one_keyed_bucket_take_exactly_the_burst()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 20_000), new BucketTableOptions(1000));
        var key = "client-42"u8.ToArray();
        Assert.Equal(20_000, Hammer(Threads, 20_000, () => table.TryTake(key, Second, out _)));
    }

    [Fact]
    public void Two_limits_under_contention_grant_the_smaller_and_refund_the_larger_exactly()
    {
        var wide = new TokenBucket(ThrottleLimit.Create(1, 86_400, 30_000));
        var narrow = new TokenBucket(ThrottleLimit.Create(1, 86_400, 10_000));
        var now = 3 * Second;
        var granted = Hammer(Threads, 20_000, () =>
        {
            Span<BucketHandle> handles = [wide.Handle, narrow.Handle];
            var space = new LimitReadings();
            Span<BucketReading> readings = space[..2];
            return LimitChain.TryTakeAll(handles, now, readings) < 0;
        });
        Assert.Equal(10_000, granted);
        // Every token taken from the wide bucket for a request the narrow one refused went back.
        Assert.True(wide.Peek(now, out var left));
        Assert.Equal(20_000, left.Remaining);
    }

    [Fact]
    public void A_drained_key_keeps_its_exact_count_while_other_threads_churn_the_table()
    {
        // 64 keys, one shard: churners insert unique keys non-stop, forcing an eviction per insert. The hot
        // key's bucket is far from full, so it is never the victim and its count stays exact.
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 5_000), new BucketTableOptions(64));
        var hot = "hot"u8.ToArray();
        var now = Second;
        // Ten tokens down first: from here on the hot bucket is further from full than any churned key
        // (one token down each), so it can never be the least-active victim.
        for (var i = 0; i < 10; i++) Assert.True(table.TryTake(hot, now, out _));
        long churned = 0;
        var stop = false;
        var churners = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            Span<byte> key = stackalloc byte[16];
            var i = 0;
            while (!Volatile.Read(ref stop))
            {
                BitConverter.TryWriteBytes(key, t);
                BitConverter.TryWriteBytes(key[4..], i++);
                table.TryTake(key[..8], now, out _);
                Interlocked.Increment(ref churned);
            }
        })).ToArray();
        foreach (var c in churners) c.Start();
        var granted = Hammer(Math.Max(2, Environment.ProcessorCount), 5_000, () => table.TryTake(hot, now, out _));
        Volatile.Write(ref stop, true);
        foreach (var c in churners) c.Join();
        Assert.Equal(4_990, granted);
        Assert.True(table.Count <= 64);
        Assert.True(table.Counters.EvictedActive > 0 || churned < 64);
    }
}
