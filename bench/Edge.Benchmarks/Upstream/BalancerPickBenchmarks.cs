using System.Net;
using BenchmarkDotNet.Attributes;
using Edge.Upstream;
using Edge.Upstream.Balancing;
using Edge.Upstream.Health;

namespace Edge.Benchmarks.Upstream;

/// <summary>
/// One endpoint choice per mode over 4 weighted endpoints, all healthy or with one passively ejected
/// (the skip path, plus one clock read per look at the ejected endpoint). Target: 0 B per pick.
/// </summary>
[MemoryDiagnoser]
public class BalancerPickBenchmarks
{
    private IBalancer _roundRobin = null!;
    private IBalancer _leastRequests = null!;
    private IBalancer _randomTwo = null!;

    [Params(false, true)]
    public bool OneEjected { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var endpoints = new UpstreamEndpoint[4];
        for (var i = 0; i < endpoints.Length; i++)
        {
            endpoints[i] = new UpstreamEndpoint($"http://e{i}", new IPEndPoint(IPAddress.Loopback, 9000 + i), $"e{i}", "", new UpstreamPoolOptions())
            {
                Weight = i + 1,
                Health = new EndpointHealth(new PassiveHealthOptions(1, TimeSpan.FromHours(1))),
            };
            endpoints[i].InFlight = i * 3 % 5;
        }
        if (OneEjected) endpoints[2].Health.ReportFailure();
        _roundRobin = new RoundRobinBalancer(endpoints);
        _leastRequests = new LeastRequestsBalancer(endpoints);
        _randomTwo = new RandomTwoBalancer(endpoints, Random.Shared);
    }

    [Benchmark(Baseline = true)]
    public int RoundRobin() => _roundRobin.Pick()!.Weight;

    [Benchmark]
    public int LeastRequests() => _leastRequests.Pick()!.Weight;

    [Benchmark]
    public int RandomTwo() => _randomTwo.Pick()!.Weight;
}
