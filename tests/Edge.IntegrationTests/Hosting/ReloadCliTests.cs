using System.Globalization;
using System.Text.RegularExpressions;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Hosting.ReloadConfigs;

namespace Edge.IntegrationTests.Hosting;

/// <summary><c>edge reload</c> as a real process against a running (in-process) Edge.</summary>
public sealed class ReloadCliTests
{
    [Fact]
    public async Task Reload_Exits0_1_2_ForReloaded_Rejected_Unreachable()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        using var client = edge.CreateClient();

        // 0: the admin address comes from the file's [server] admin.
        await File.AppendAllTextAsync(edge.ConfigPath, ApiB);
        var ok = await EdgeProcess.RunAsync(["reload", "-c", edge.ConfigPath]);
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.Contains("generation 2", ok.StdOut, StringComparison.Ordinal);
        Assert.Equal("route-b", await client.GetStringAsync("/b"));

        // 1: every error printed as file:line:col; still serving generation 2. The file fails
        // validation but still parses as TOML, so its server.admin is still where the CLI posts.
        await File.AppendAllTextAsync(edge.ConfigPath, Broken);
        var rejected = await EdgeProcess.RunAsync(["reload", "-c", edge.ConfigPath]);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Matches(new Regex(Regex.Escape(edge.ConfigPath) + @":\d+:\d+: "), rejected.StdErr);
        Assert.Contains("still serving generation 2", rejected.StdErr, StringComparison.Ordinal);
        Assert.Equal("route-a", await client.GetStringAsync("/a"));

        // --admin wins over the file.
        var adminAddress = "127.0.0.1:" + edge.AdminPort.ToString(CultureInfo.InvariantCulture);
        var explicitAdmin = await EdgeProcess.RunAsync(["reload", "-c", "/nonexistent/edge.toml", "--admin", adminAddress]);
        Assert.Equal(1, explicitAdmin.ExitCode);

        // 2: nothing listens there.
        var unreachable = await EdgeProcess.RunAsync(["reload", "-c", edge.ConfigPath, "--admin", "127.0.0.1:" + FreePort.Get().ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("cannot reach", unreachable.StdErr, StringComparison.Ordinal);
    }
}
