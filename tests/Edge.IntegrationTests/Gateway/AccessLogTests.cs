using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary><c>access_log = "path"</c>: one JSON line per request, forwarded, direct or fault.</summary>
public sealed class AccessLogTests
{
    private static string Config(string logPath) => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "{{logPath}}"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"

        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "orders"
        base_path = "/orders"
        upstream = "backend"
          [[apis.resources]]
          path = "/{id}"
          methods = ["GET"]

        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/ping"
          respond = { status = 202, body = "pong" }
        """;

    internal static async Task<List<JsonElement>> ReadLinesAsync(string path, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        string[] lines = [];
        while (DateTime.UtcNow < until)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length >= expected) break;
            }
            await Task.Delay(100);
        }
        return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task EachRequest_WritesOneJsonLine()
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-access-{Guid.NewGuid():N}.log");
        try
        {
            await using var backend = new TestBackend();
            await using var edge = await EdgeTestServer.StartAsync(Config(log), backend.Url);
            using var client = edge.CreateClient();

            Assert.Equal(200, (int)(await client.GetAsync("/orders/7?full=1")).StatusCode);
            Assert.Equal(202, (int)(await client.PostAsync("/mock/ping", new StringContent("x"))).StatusCode);
            Assert.Equal(404, (int)(await client.GetAsync("/missing")).StatusCode);
            Assert.Equal(405, (int)(await client.DeleteAsync("/orders/7")).StatusCode);

            var lines = await ReadLinesAsync(log, 4);
            Assert.Equal(4, lines.Count);

            var forwarded = lines.Single(l => l.GetProperty("status").GetInt32() == 200);
            Assert.Equal("GET", forwarded.GetProperty("method").GetString());
            Assert.StartsWith("/orders/7", forwarded.GetProperty("path").GetString());
            Assert.Equal("orders", forwarded.GetProperty("api").GetString());
            Assert.Contains(backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), forwarded.GetProperty("upstream").GetString());

            var direct = lines.Single(l => l.GetProperty("status").GetInt32() == 202);
            Assert.Equal("POST", direct.GetProperty("method").GetString());
            Assert.Equal("/mock/ping", direct.GetProperty("path").GetString());
            Assert.Equal("mock", direct.GetProperty("api").GetString());

            var missing = lines.Single(l => l.GetProperty("status").GetInt32() == 404);
            Assert.Equal("/missing", missing.GetProperty("path").GetString());
            Assert.Contains("900906", missing.GetProperty("fault").ToString());

            var wrongMethod = lines.Single(l => l.GetProperty("status").GetInt32() == 405);
            Assert.Equal("DELETE", wrongMethod.GetProperty("method").GetString());
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task UpstreamFailure_IsLoggedWithItsFaultCode()
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-access-{Guid.NewGuid():N}.log");
        try
        {
            var closed = $"http://127.0.0.1:{FreePort.Get()}";
            await using var edge = await EdgeTestServer.StartAsync(Config(log), closed);
            using var client = edge.CreateClient();

            Assert.Equal(503, (int)(await client.GetAsync("/orders/1")).StatusCode);

            var line = Assert.Single(await ReadLinesAsync(log, 1));
            Assert.Equal(503, line.GetProperty("status").GetInt32());
            Assert.Equal("orders", line.GetProperty("api").GetString());
            Assert.Contains("101503", line.GetProperty("fault").ToString());
        }
        finally
        {
            File.Delete(log);
        }
    }
}
