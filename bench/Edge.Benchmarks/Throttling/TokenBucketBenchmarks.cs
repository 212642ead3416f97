using BenchmarkDotNet.Attributes;
using Edge.Throttling;

namespace Edge.Benchmarks.Throttling;

/// <summary>
/// One token take: single-threaded, and with both cores taking from the same bucket (every take a CAS on
/// one contended cache line), plus the two-limit chain (peek both, take both). Target: 0 B.
/// </summary>
[MemoryDiagnoser]
public class TokenBucketBenchmarks
{
    private TokenBucket _bucket = null!;
    private TokenBucket _second = null!;
    private long _now;
    private Thread? _partner;
    private volatile bool _stop;
    // The partner's clock: the main thread publishes its time every 1,024 takes, in an array of its own so
    // the only cache line the two cores fight over is the bucket's.
    private readonly long[] _published = new long[16];

    [GlobalSetup]
    public void Setup()
    {
        // 10^9 tokens/s and a 1 µs step per take: the bucket never runs dry, so every take is a real CAS.
        _bucket = new TokenBucket(ThrottleLimit.Create(1_000_000_000, 1, 1_000_000_000));
        _second = new TokenBucket(ThrottleLimit.Create(1_000_000_000, 1, 1_000_000_000));
    }

    /// <summary>
    /// Only the contended case gets the partner: a thread that takes from the same bucket non-stop for the
    /// whole run, so every measured take competes with the other core for the bucket's cache line.
    /// </summary>
    [GlobalSetup(Target = nameof(TakeWhileOtherCoreTakes))]
    public void SetupContended()
    {
        Setup();
        _partner = new Thread(() =>
        {
            // A lag of up to 1,024 µs is ~10^6 tokens at this rate: far inside the burst, so the partner's
            // takes all succeed (each one a CAS) rather than turning into read-only refusals.
            while (!_stop) _bucket.TryTake(Volatile.Read(ref _published[8]));
        }) { IsBackground = true, Name = "bench-partner" };
        _partner.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _partner?.Join();
    }

    [Benchmark(Baseline = true)]
    public bool TakeSingleThread() => _bucket.TryTake(++_now);

    /// <summary>One take on this core while the partner thread hammers the same bucket on the other.</summary>
    [Benchmark]
    public bool TakeWhileOtherCoreTakes()
    {
        var now = ++_now;
        if ((now & 1023) == 0) Volatile.Write(ref _published[8], now);
        return _bucket.TryTake(now);
    }

    [Benchmark]
    public int TwoLimitChain()
    {
        Span<BucketHandle> handles = [_bucket.Handle, _second.Handle];
        var space = new LimitReadings();
        Span<BucketReading> readings = space[..2];
        return LimitChain.TryTakeAll(handles, ++_now, readings);
    }
}
