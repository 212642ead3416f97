using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Routing;
using Edge.Tests.Routing;

namespace Edge.Benchmarks.Routing;

/// <summary>Route lookup in a 10,000-route trie (500 APIs × 20 resources, exact/wildcard/any hosts). Target: 0 B.</summary>
[MemoryDiagnoser]
public class RouteLookupBenchmarks
{
    private RouteTrie _trie = null!;
    private (byte[] Host, byte[] Path, byte[] Method)[] _samples = [];

    [GlobalSetup]
    public void Setup()
    {
        _trie = LargeRouteSet.Compile();
        _samples = LargeRouteSet.Samples
            .Select(s => (Encoding.ASCII.GetBytes(s.Host), Encoding.ASCII.GetBytes(s.Path), Encoding.ASCII.GetBytes(s.Method)))
            .ToArray();
    }

    /// <summary>Average over the sample set (matches, 404s and 405s mixed), per lookup.</summary>
    [Benchmark(OperationsPerInvoke = 13)]
    public int Lookup10kRoutes()
    {
        var found = 0;
        var samples = _samples;
        for (var i = 0; i < 13; i++)
        {
            var s = samples[i % samples.Length];
            var match = new RouteMatch();
            if (_trie.Match(s.Host, s.Path, s.Method, ref match)) found++;
        }
        return found;
    }
}
