using System.Net;
using System.Text.RegularExpressions;
using Edge.IntegrationTests.Gateway;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Observability;

/// <summary>
/// X-Request-Id and W3C trace context end to end: what the backend receives, what the client gets back,
/// and what the access log records, over HTTP/1.1 and h2c.
/// </summary>
public sealed partial class CorrelationTests
{
    private static string Config(string log) => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "{{log}}"
        access_log_format = "json"
        drain_timeout = "5s"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        protocols = ["http1", "h2c"]

        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "echo"
        base_path = "/echo"
        upstream = "backend"
        """;

    private const string ClientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ClientParent = "00f067aa0ba902b7";

    public static TheoryData<bool> Protocols() => new() { false, true };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task ClientIds_AreKept_AndEdgeBecomesTheParent(bool http2)
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-corr-{Guid.NewGuid():N}.log");
        try
        {
            await using var backend = new TestBackend();
            await using var edge = await EdgeTestServer.StartAsync(Config(log), backend.Url);
            using var client = Client(edge, http2);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/a");
            request.Headers.TryAddWithoutValidation("X-Request-Id", "req-abc_123");
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{ClientTrace}-{ClientParent}-01");
            request.Headers.TryAddWithoutValidation("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("req-abc_123", Assert.Single(response.Headers.GetValues("X-Request-Id")));

            await backend.WaitForRequestsAsync(1);
            Assert.True(backend.Requests.TryDequeue(out var seen));
            Assert.Equal("req-abc_123", Assert.Single(seen.HeaderValues("X-Request-Id")));
            var traceparent = Assert.Single(seen.HeaderValues("traceparent"));
            var m = TraceParentShape().Match(traceparent);
            Assert.True(m.Success, traceparent);
            Assert.Equal(ClientTrace, m.Groups[1].Value);
            Assert.NotEqual(ClientParent, m.Groups[2].Value); // Edge's own span is the new parent
            Assert.Equal("01", m.Groups[3].Value);
            Assert.Equal("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", Assert.Single(seen.HeaderValues("tracestate")));

            var line = Assert.Single(await AccessLogTests.ReadLinesAsync(log, 1));
            Assert.Equal("req-abc_123", line.GetProperty("request_id").GetString());
            Assert.Equal(ClientTrace, line.GetProperty("trace_id").GetString());
            Assert.Equal(m.Groups[2].Value, line.GetProperty("span_id").GetString());
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task MissingOrInvalidIds_AreGenerated(bool http2)
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-corr-{Guid.NewGuid():N}.log");
        try
        {
            await using var backend = new TestBackend();
            await using var edge = await EdgeTestServer.StartAsync(Config(log), backend.Url);
            using var client = Client(edge, http2);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/b");
            request.Headers.TryAddWithoutValidation("X-Request-Id", "bad id with spaces");
            // Upper-case hex is invalid (W3C §3.2.2.3): a new trace starts, and tracestate is dropped.
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{ClientTrace.ToUpperInvariant()}-{ClientParent}-01");
            request.Headers.TryAddWithoutValidation("tracestate", "congo=t61rcWkgMzE");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            await backend.WaitForRequestsAsync(1);
            Assert.True(backend.Requests.TryDequeue(out var seen));
            var id = Assert.Single(seen.HeaderValues("X-Request-Id"));
            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Request-Id")));
            var m = TraceParentShape().Match(Assert.Single(seen.HeaderValues("traceparent")));
            Assert.True(m.Success);
            Assert.NotEqual(ClientTrace, m.Groups[1].Value, StringComparer.OrdinalIgnoreCase);
            Assert.Empty(seen.HeaderValues("tracestate"));

            var line = Assert.Single(await AccessLogTests.ReadLinesAsync(log, 1));
            Assert.Equal(id, line.GetProperty("request_id").GetString());
            Assert.Equal(m.Groups[1].Value, line.GetProperty("trace_id").GetString());
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task Faults_CarryTheRequestId_InResponseAndLog()
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-corr-{Guid.NewGuid():N}.log");
        try
        {
            await using var backend = new TestBackend();
            await using var edge = await EdgeTestServer.StartAsync(Config(log).Replace("json", "text", StringComparison.Ordinal), backend.Url);
            using var client = edge.CreateClient();
            using var response = await client.GetAsync("/nowhere");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));

            var text = await ReadTextLineAsync(log);
            Assert.Contains($"rid=\"{id}\" trace_id=", text, StringComparison.Ordinal);
            Assert.Matches(" trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}", text);
        }
        finally
        {
            File.Delete(log);
        }
    }

    private static async Task<string> ReadTextLineAsync(string path)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                var text = await reader.ReadToEndAsync();
                if (text.Contains('\n', StringComparison.Ordinal)) return text;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no access log line");
    }

    private static HttpClient Client(EdgeTestServer edge, bool http2) => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(edge.BaseUrl),
        DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")]
    private static partial Regex TraceParentShape();
}
