using BenchmarkDotNet.Attributes;
using Edge.Config.Toml;

namespace Edge.Benchmarks.Config;

/// <summary>Parsing a 10,000-route edge.toml: the TOML stage alone (binding is measured beside it).</summary>
[MemoryDiagnoser]
public class ConfigParseBenchmarks
{
    private byte[] _file = [];

    [GlobalSetup]
    public void Setup() => _file = LargeConfig.Generate();

    [Benchmark]
    public TomlTable ParseToml10kRoutes() => TomlParser.Parse(_file);
}
