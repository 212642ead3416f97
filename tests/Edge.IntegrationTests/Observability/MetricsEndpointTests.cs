using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Observability;

/// <summary>
/// <c>GET /metrics</c> on the admin listener, scraped over HTTP while real requests go through the
/// gateway: the request, upstream, connection and policy counters move by what was sent, and the
/// exposition is well-formed Prometheus text.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    private const string Key = "pk_metrics_7d1e";

    private static string Config(string dead) => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"
        drain_timeout = "5s"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        protocols = ["http1", "h2c"]

        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[upstreams]]
        name = "dead"
        endpoints = ["{{dead}}"]

        [[auth.api_keys]]
        name = "partner"
        sha256 = "{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))}}"

        [[apis]]
        name = "orders"
        base_path = "/orders"
        upstream = "backend"
          [[apis.resources]]
          path = "/{id}"
          methods = ["GET"]

        [[apis]]
        name = "down"
        base_path = "/down"
        upstream = "dead"

        [[apis]]
        name = "keys"
        base_path = "/keys"
        upstream = "backend"
        security = ["api_key"]
        """;

    [Fact]
    public async Task Scrape_CountersMove_WithRequests()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config($"http://127.0.0.1:{FreePort.Get()}"), backend.Url);
        using var client = edge.CreateClient();
        var before = await MetricsScrape.GetAsync(edge);
        Assert.Equal(0, before.Value("edge_requests_total", ("api", "orders"), ("method", "GET"), ("code_class", "2xx")));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/missing")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/down/x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/keys/x")).StatusCode);

        var after = await MetricsScrape.AfterRequestsAsync(edge, 5);
        var orders = ("api", "orders");
        Assert.Equal(2, after.Value("edge_requests_total", orders, ("route", "GET /{id}"), ("method", "GET"), ("code_class", "2xx")));
        Assert.Equal(0, after.Value("edge_requests_total", orders, ("method", "GET"), ("code_class", "5xx")));
        Assert.Equal(1, after.Value("edge_requests_total", ("api", ""), ("route", ""), ("method", "GET"), ("code_class", "4xx")));
        Assert.Equal(1, after.Sum("edge_requests_total", ("api", "down"), ("code_class", "5xx")));
        Assert.Equal(1, after.Sum("edge_requests_total", ("api", "keys"), ("code_class", "4xx")));

        // The histogram counted both forwarded requests, and its +Inf bucket equals its count.
        Assert.Equal(2, after.Value("edge_request_duration_seconds_count", orders));
        Assert.Equal(2, after.Value("edge_request_duration_seconds_bucket", orders, ("le", "+Inf")));
        Assert.True(after.Value("edge_request_duration_seconds_sum", orders) > 0);

        var backendLabels = ("upstream", "backend");
        Assert.Equal(2, after.Value("edge_upstream_requests_total", backendLabels));
        Assert.Equal(2, after.Value("edge_upstream_duration_seconds_count", backendLabels));
        Assert.Equal(1, after.Value("edge_upstream_endpoint_healthy", backendLabels));
        Assert.True(after.Value("edge_upstream_errors_total", ("upstream", "dead"), ("kind", "connect_failed")) >= 1);
        Assert.Equal(0, after.Value("edge_upstream_errors_total", backendLabels, ("kind", "connect_failed")));

        // Process-wide policy counters: other tests may add to them, so only the movement is checked.
        Assert.True(after.Value("edge_auth_failures_total", ("reason", "credentials_missing")) - before.Value("edge_auth_failures_total", ("reason", "credentials_missing")) >= 1);
        Assert.True(after.Value("edge_connections_total", ("protocol", "http1")) >= 1);
        Assert.True(after.Value("edge_process_resident_memory_bytes") > 0);
        Assert.Equal(1, after.Value("edge_config_generation"));
    }

    [Fact]
    public async Task Scrape_IsWellFormedPrometheusText()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config($"http://127.0.0.1:{FreePort.Get()}"), backend.Url);
        using var client = edge.CreateClient();
        await client.GetAsync("/orders/1");

        var scrape = await MetricsScrape.AfterRequestsAsync(edge, 1);
        Assert.StartsWith("text/plain; version=0.0.4", scrape.ContentType, StringComparison.Ordinal);
        var lines = scrape.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var typed = new Dictionary<string, string>();
        foreach (var line in lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            Assert.True(typed.TryAdd(parts[2], parts[3]), $"family {parts[2]} declared twice");
            Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
        }
        foreach (var family in typed.Keys)
        {
            Assert.Contains($"# HELP {family} ", scrape.Text, StringComparison.Ordinal);
            Assert.StartsWith("edge_", family, StringComparison.Ordinal);
        }
        // Every sample belongs to a declared family (histograms through their suffixes).
        foreach (var (name, _, _) in scrape.Samples)
        {
            var family = HistogramSuffix().Replace(name, "");
            Assert.True(typed.ContainsKey(name) || (typed.TryGetValue(family, out var t) && t == "histogram"), $"sample {name} has no TYPE");
        }
        // Histogram buckets are cumulative and end at +Inf.
        var buckets = scrape.Samples.Where(s => s.Name == "edge_request_duration_seconds_bucket" && s.Labels["api"] == "orders").Select(s => s.Value).ToList();
        Assert.Equal(18, buckets.Count);
        for (var i = 1; i < buckets.Count; i++) Assert.True(buckets[i] >= buckets[i - 1]);
        Assert.Equal("+Inf", scrape.Samples.Last(s => s.Name == "edge_request_duration_seconds_bucket" && s.Labels["api"] == "orders").Labels["le"]);
    }

    [Fact]
    public async Task Scrape_CountsHttp2Requests_AndConnections()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config($"http://127.0.0.1:{FreePort.Get()}"), backend.Url);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(edge.BaseUrl),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/nothing")).StatusCode);

        var scrape = await MetricsScrape.AfterRequestsAsync(edge, 2);
        Assert.Equal(1, scrape.Value("edge_requests_total", ("api", "orders"), ("method", "GET"), ("code_class", "2xx")));
        Assert.Equal(1, scrape.Value("edge_requests_total", ("api", ""), ("method", "GET"), ("code_class", "4xx")));
        Assert.Equal(1, scrape.Value("edge_connections_total", ("protocol", "h2c")));
        Assert.Equal(1, scrape.Value("edge_connections_open", ("protocol", "h2c")));
        Assert.True(scrape.Value("edge_http2_streams_total") >= 2);
    }

    [Fact]
    public async Task Reloads_AreCounted_AndRouteSeriesSurviveThem()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config($"http://127.0.0.1:{FreePort.Get()}"), backend.Url);
        using var client = edge.CreateClient();
        await client.GetAsync("/orders/1");

        var reloaded = await edge.Server.ReloadAsync();
        Assert.True(reloaded.Succeeded);
        var original = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, "[server\n");
        Assert.False((await edge.Server.ReloadAsync()).Succeeded);
        await File.WriteAllTextAsync(edge.ConfigPath, original);
        await client.GetAsync("/orders/2");

        var scrape = await MetricsScrape.AfterRequestsAsync(edge, 2);
        Assert.Equal(1, scrape.Value("edge_config_reloads_total", ("outcome", "success")));
        Assert.Equal(1, scrape.Value("edge_config_reloads_total", ("outcome", "failure")));
        Assert.Equal(2, scrape.Value("edge_config_generation"));
        // The unchanged route kept its series across the reload: both requests are counted.
        Assert.Equal(2, scrape.Value("edge_requests_total", ("api", "orders"), ("method", "GET"), ("code_class", "2xx")));
    }

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
