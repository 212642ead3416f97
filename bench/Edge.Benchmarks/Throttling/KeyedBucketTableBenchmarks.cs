using System.Net;
using BenchmarkDotNet.Attributes;
using Edge.Throttling;

namespace Edge.Benchmarks.Throttling;

/// <summary>
/// Keyed buckets: a take on an existing key among 10,000 (hash, lock-free probe, full-key compare, CAS),
/// a take on a new key in a full table (insert plus one eviction per take), building a
/// "claim:sub+ip" key, and the X-Forwarded-For walk. Target: 0 B.
/// </summary>
[MemoryDiagnoser]
public class KeyedBucketTableBenchmarks
{
    private const int Keys = 10_000;

    private KeyedBucketTable _hits = null!;
    private KeyedBucketTable _churn = null!;
    private byte[][] _keys = [];
    private int _next;
    private long _now;
    private long _unique;
    private ThrottleKeyRecipe _recipe = null!;
    private TrustedProxies _trusted = null!;
    private IpAddressBytes _proxy;

    [GlobalSetup]
    public void Setup()
    {
        var limit = ThrottleLimit.Create(1_000_000, 1, 1_000_000);
        _hits = new KeyedBucketTable(limit, new BucketTableOptions(2 * Keys));
        // Shaped like real keys: a claim part (a UUID subject) and an IP part, 58 bytes.
        _keys = [.. Enumerable.Range(0, Keys).Select(i => KeyFor(Guid.NewGuid().ToString(), (uint)i))];
        foreach (var key in _keys) _hits.TryTake(key, 0, out _);

        // 100/min per key: a key is full again 600 ms after its take. Each insert advances the clock 100 µs,
        // so the sweep meets keys inserted ~1 s ago — the lossless (idle) eviction path, as in a flood.
        _churn = new KeyedBucketTable(ThrottleLimit.Create(100, 60, 100), new BucketTableOptions(Keys));
        for (var i = 0; i < 3 * Keys; i++) InsertUnique();

        _recipe = new ThrottleKeyRecipe([new KeyPart(KeyPartKind.Claim, "sub"), new KeyPart(KeyPartKind.Ip)]);
        _trusted = new TrustedProxies([IPNetwork.Parse("10.0.0.0/8")]);
        _proxy = IpAddressBytes.From(IPAddress.Parse("10.1.2.3"));
    }

    [Benchmark(Baseline = true)]
    public bool LookupHit10kKeys()
    {
        var key = _keys[_next];
        _next = _next + 1 == Keys ? 0 : _next + 1;
        return _hits.TryTake(key, ++_now, out _);
    }

    [Benchmark]
    public bool InsertWithEviction() => InsertUnique();

    [Benchmark]
    public int BuildClaimIpKey()
    {
        var source = new Source();
        Span<byte> buffer = stackalloc byte[_recipe.MaxKeyLength];
        return _recipe.Write(ref source, buffer, out _);
    }

    [Benchmark]
    public ulong ForwardedForWalk() =>
        ForwardedForWalker.Resolve(_trusted, _proxy, "203.0.113.50, 198.51.100.7, 10.0.0.2"u8).Low;

    private bool InsertUnique()
    {
        Span<byte> key = stackalloc byte[24];
        "new-client:"u8.CopyTo(key);
        BitConverter.TryWriteBytes(key[11..], ++_unique);
        _now += 100;
        return _churn.TryTake(key[..19], _now, out _);
    }

    private static byte[] KeyFor(string subject, uint address)
    {
        var writer = new ThrottleKeyWriter(new byte[128]);
        writer.Append(KeyPartKind.Claim, System.Text.Encoding.ASCII.GetBytes(subject));
        writer.AppendAddress(IpAddressBytes.FromIPv4(0xC6336400 | address), 32);
        return writer.Written.ToArray();
    }

    private readonly struct Source : IThrottleKeySource
    {
        public ReadOnlySpan<byte> Api => "coffeebar"u8;
        public ReadOnlySpan<byte> Resource => "GET /order/{orderId}"u8;
        public IpAddressBytes ClientAddress => IpAddressBytes.FromIPv4(0xCB007132);

        public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            value = default;
            return false;
        }

        public bool TryGetQuery(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            value = default;
            return false;
        }

        public bool TryGetClaim(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            value = "8d0c3c8e-5a4b-4b9e-9f51-2d7e3f1a6b20"u8;
            return name.SequenceEqual("sub"u8);
        }
    }
}
