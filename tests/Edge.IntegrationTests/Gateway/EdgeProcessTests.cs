using System.Globalization;
using System.Text.RegularExpressions;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary><c>edge run</c> as a real child process: ready line, SIGHUP reload (the SIGTERM drain is SECURITY.md case 67: Security/Case67_SigtermDrain.cs).</summary>
public sealed class EdgeProcessTests
{
    private static string Config(int port, int admin, string backendUrl, string apis) => $$"""
        [server]
        admin = "127.0.0.1:{{admin}}"
        access_log = "off"
        drain_timeout = "15s"

        [[listeners]]
        bind = "127.0.0.1:{{port}}"

        [[upstreams]]
        name = "backend"
        endpoints = ["{{backendUrl}}"]

        [[apis]]
        name = "slow"
        base_path = "/slow"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "a"
        base_path = "/a"
          [[apis.resources]]
          path = "/"
          respond = { status = 200, body = "route-a" }
        {{apis}}
        """;

    private const string ApiB = """

        [[apis]]
        name = "b"
        base_path = "/b"
          [[apis.resources]]
          path = "/"
          respond = { status = 200, body = "route-b" }
        """;

    private static HttpClient Client(int port) => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task SigHup_AddsANewRoute_AndABrokenFileIsRejectedWhileOldRoutesServe()
    {
        await using var backend = new TestBackend();
        var (port, admin) = (FreePort.Get(), FreePort.Get());
        var file = Path.Combine(Path.GetTempPath(), $"edge-run-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(file, Config(port, admin, backend.Url, ""));
        try
        {
            await using var edge = EdgeProcess.Start("run", "-c", file);
            await edge.WaitForStdErrAsync("edge: ready");
            using var client = Client(port);
            Assert.Equal("route-a", await client.GetStringAsync("/a"));
            Assert.Equal(404, (int)(await client.GetAsync("/b")).StatusCode);

            // 1. A valid edit: the new API answers after SIGHUP.
            await File.WriteAllTextAsync(file, Config(port, admin, backend.Url, ApiB));
            await edge.SignalAsync("HUP");
            await edge.WaitForStdErrAsync("edge: reloaded");
            Assert.Equal("route-b", await client.GetStringAsync("/b"));
            Assert.Equal("route-a", await client.GetStringAsync("/a"));

            // 2. A broken edit: rejected with file:line:col; everything keeps answering.
            await File.WriteAllTextAsync(file, Config(port, admin, backend.Url, ApiB) + "\n[[apis]]\nname = \"c\"\nbase_path = 42\n");
            await edge.SignalAsync("HUP");
            await edge.WaitForStdErrAsync("reload rejected");
            Assert.Matches(new Regex(Regex.Escape(file) + @":\d+:\d+"), edge.StdErr);
            Assert.Equal("route-a", await client.GetStringAsync("/a"));
            Assert.Equal("route-b", await client.GetStringAsync("/b"));
            Assert.Equal(200, (int)(await client.GetAsync("/slow/x")).StatusCode);

            // 3. A TOML syntax error is rejected the same way.
            await File.WriteAllTextAsync(file, Config(port, admin, backend.Url, ApiB) + "\n[[apis]\nname = \"c\n");
            await edge.SignalAsync("HUP");
            await edge.WaitForStdErrAsync("reload rejected", count: 2);
            Assert.Equal("route-b", await client.GetStringAsync("/b"));
            Assert.False(edge.HasExited);

            await edge.SignalAsync("TERM");
            Assert.Equal(0, await edge.WaitForExitAsync(30));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
