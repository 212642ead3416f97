using Edge.Throttling;
using static Edge.Tests.Throttling.ThrottleTime;

namespace Edge.Tests.Throttling;

/// <summary>The per-request path allocates nothing once a key is known (the benchmarks measure the same).</summary>
public class AllocationTests
{
    [Fact]
    public void A_request_through_a_keyed_and_a_constant_limit_allocates_nothing()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1000, 1, 1000), new BucketTableOptions(1000));
        var api = new TokenBucket(ThrottleLimit.Create(100_000, 1, 100_000));
        var trusted = new TrustedProxies([System.Net.IPNetwork.Parse("10.0.0.0/8")]);
        var proxy = IpAddressBytes.FromIPv4(0x0A000001);
        long now = 0;

        void Request()
        {
            now += Ms;
            var client = ForwardedForWalker.Resolve(trusted, proxy, "198.51.100.7, 10.0.0.2"u8);
            Span<byte> key = stackalloc byte[ThrottleKeyWriter.MaxPartBytes];
            var writer = new ThrottleKeyWriter(key);
            writer.AppendAddress(client, 32);
            var handles = new LimitHandles();
            handles[0] = api.Handle;
            handles[1] = table.GetOrAdd(writer.Written, now);
            var readings = new LimitReadings();
            // Plain checks: xunit's Assert.Equal allocates a comparer per call.
            if (LimitChain.TryTakeAll(handles[..2], now, readings[..2]) != -1) throw new InvalidOperationException("refused");
            Span<byte> header = stackalloc byte[64];
            if (!RateLimitHeaders.TryWriteRetryAfter(header, readings[1], out _)) throw new InvalidOperationException("no room");
        }

        Request(); // inserts the key and grows nothing after
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) Request();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
