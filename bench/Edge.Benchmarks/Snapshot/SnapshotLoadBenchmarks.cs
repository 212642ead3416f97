using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Config;
using Edge.Snapshot;

namespace Edge.Benchmarks.Snapshot;

/// <summary>
/// What a SIGHUP reload of a 10,000-route file costs before the swap (SECURITY.md case 66): read,
/// validate, and compile into a runnable snapshot (route trie, actions, clusters), first load and a
/// reload that takes the unchanged upstream over from the previous snapshot.
/// </summary>
[MemoryDiagnoser]
public class SnapshotLoadBenchmarks
{
    private byte[] _file = [];
    private RuntimeSnapshot? _previous;

    [GlobalSetup]
    public void Setup()
    {
        // No throttle: the gateway refuses throttle policies until throttling is wired.
        _file = LargeConfig.Generate(throttle: false);
        _previous = SnapshotLoader.Load(_file, "bench.toml", 1, null).Snapshot
            ?? throw new InvalidOperationException("generated config is refused");
    }

    [Benchmark]
    public int Load10kRoutes() => SnapshotLoader.Load(_file, "bench.toml", 1, null).Snapshot!.Routes.Length;

    [Benchmark]
    public int Reload10kRoutes() => SnapshotLoader.Load(_file, "bench.toml", 2, _previous).Snapshot!.Routes.Length;
}
