using System.Net;
using Edge.Upstream;
using Edge.Upstream.Health;

namespace Edge.Tests.Upstream;

/// <summary>Endpoints for balancer and health tests: never connected, only picked.</summary>
internal static class UpstreamTestEndpoints
{
    public static UpstreamEndpoint Create(string name, int weight = 1, PassiveHealthOptions? passive = null, TimeProvider? time = null) =>
        new($"http://{name}", new IPEndPoint(IPAddress.Loopback, 1), name, "", new UpstreamPoolOptions())
        {
            Weight = weight,
            Health = new EndpointHealth(passive ?? PassiveHealthOptions.Off, time),
        };

    /// <summary>Marks an endpoint down the way the active checker would (unhealthy threshold 1).</summary>
    public static void MarkDown(UpstreamEndpoint e) => e.Health.ReportProbe(false, Probe);

    public static void MarkUp(UpstreamEndpoint e) => e.Health.ReportProbe(true, Probe);

    private static readonly ActiveHealthOptions Probe = new("/", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 1, 1);

    public static Dictionary<string, int> Count(Func<UpstreamEndpoint?> pick, int n)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < n; i++)
        {
            var e = pick() ?? throw new InvalidOperationException("no endpoint picked");
            counts[e.Url] = counts.GetValueOrDefault(e.Url) + 1;
        }
        return counts;
    }
}
