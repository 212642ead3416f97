using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Config;
using Edge.Snapshot;

namespace Edge.Benchmarks.Snapshot;

/// <summary>
/// What a SIGHUP reload of a 10,000-route file costs before the swap (SECURITY.md case 66): read,
/// validate, and compile into a runnable snapshot (route trie, actions, clusters), first load and a
/// reload that takes the unchanged upstream over from the previous snapshot; and the first load of a
/// file whose 10,000 resources all have templates of their own (nothing parsed once serves twice).
/// </summary>
[MemoryDiagnoser]
public class SnapshotLoadBenchmarks
{
    private byte[] _file = [];
    private byte[] _uniqueFile = [];
    private RuntimeSnapshot? _previous;

    [GlobalSetup]
    public void Setup()
    {
        // No throttle: the gateway refuses throttle policies until throttling is wired.
        _file = LargeConfig.Generate(throttle: false);
        _uniqueFile = LargeConfig.Generate(throttle: false, uniqueTemplates: true);
        _previous = SnapshotLoader.Load(_file, "bench.toml", 1, null).Snapshot
            ?? throw new InvalidOperationException("generated config is refused");
        if (SnapshotLoader.Load(_uniqueFile, "bench.toml", 1, null).Snapshot is null)
            throw new InvalidOperationException("generated config (unique templates) is refused");
    }

    [Benchmark]
    public int Load10kRoutes() => SnapshotLoader.Load(_file, "bench.toml", 1, null).Snapshot!.Routes.Length;

    [Benchmark]
    public int Reload10kRoutes() => SnapshotLoader.Load(_file, "bench.toml", 2, _previous).Snapshot!.Routes.Length;

    [Benchmark]
    public int Load10kUniqueRoutes() => SnapshotLoader.Load(_uniqueFile, "bench.toml", 1, null).Snapshot!.Routes.Length;
}
