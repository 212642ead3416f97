using BenchmarkDotNet.Attributes;
using Edge.Security.Revocation;

namespace Edge.Benchmarks.Security;

/// <summary>
/// The Bloom filter alone (the first step of a revocation check, RevocationCheckBenchmarks is the whole
/// check): one <see cref="BlockedBloomFilter.MayContain"/> against a filter of 1,000,000 fingerprints at
/// the default 10 bits each (1.2 MiB, far past L2 on this VM). The probed fingerprints rotate over 4,096
/// values so every probe lands on its own cache line, as real traffic would. Absent keys end at the
/// first clear bit (usually the first or second); present keys test all seven bits.
/// </summary>
[MemoryDiagnoser]
public class BloomFilterBenchmarks
{
    private const int Probes = 4096;
    private BlockedBloomFilter _filter = null!;
    private ulong[] _absent = null!;
    private ulong[] _present = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        const int entries = 1_000_000;
        _filter = new BlockedBloomFilter(entries);
        var random = new Random(42);
        _present = new ulong[Probes];
        for (var i = 0; i < entries; i++)
        {
            var fingerprint = (ulong)random.NextInt64();
            _filter.Add(fingerprint);
            if (i < Probes) _present[i] = fingerprint;
        }
        _absent = new ulong[Probes];
        for (var i = 0; i < Probes; i++) _absent[i] = (ulong)random.NextInt64();
    }

    [Benchmark(Baseline = true)]
    public bool CheckAbsent() => _filter.MayContain(_absent[_next++ & (Probes - 1)]);

    [Benchmark]
    public bool CheckPresent() => _filter.MayContain(_present[_next++ & (Probes - 1)]);
}
