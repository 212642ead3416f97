using BenchmarkDotNet.Attributes;
using Edge.Config;
using Edge.Config.Toml;

namespace Edge.Benchmarks.Config;

/// <summary>
/// Loading a 10,000-route edge.toml (500 APIs × 20 resources): the TOML stage alone, and the whole
/// load (parse, bind, validate) that `edge check` and a SIGHUP reload pay. Off the request path, so
/// allocations are expected; the figure to watch is time and that it stays linear.
/// </summary>
[MemoryDiagnoser]
public class ConfigParseBenchmarks
{
    private byte[] _file = [];

    [GlobalSetup]
    public void Setup()
    {
        _file = LargeConfig.Generate();
        var check = ConfigLoader.LoadFromBytes(_file, "bench.toml");
        if (!check.Succeeded) throw new InvalidOperationException("generated config is invalid: " + check.Diagnostics[0]);
    }

    [Benchmark]
    public TomlTable ParseToml10kRoutes() => TomlParser.Parse(_file);

    [Benchmark]
    public ConfigLoadResult LoadConfig10kRoutes() => ConfigLoader.LoadFromBytes(_file, "bench.toml");
}
