using System.Text.RegularExpressions;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Hosting.ReloadConfigs;

namespace Edge.IntegrationTests.Hosting;

/// <summary>Admin <c>POST /reload</c>: the SIGHUP reload with its outcome in the response.</summary>
public sealed class AdminReloadTests
{
    [Fact]
    public async Task ValidFile_Answers200_NewRoutesServe_AndTheLogSaysWhatChanged()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        using var client = edge.CreateClient();
        using var admin = Client(edge.AdminPort);
        await File.AppendAllTextAsync(edge.ConfigPath, ApiB);

        var outcome = await PostReloadAsync(admin);

        Assert.Equal(200, outcome.Status);
        Assert.True(outcome.Ok);
        Assert.Equal(2, outcome.Generation);
        Assert.Empty(outcome.Errors);
        Assert.Equal("route-b", await client.GetStringAsync("/b"));
        Assert.Equal("route-a", await client.GetStringAsync("/a"));
        Assert.Contains("generation 2", edge.Log, StringComparison.Ordinal);
        Assert.Contains("apis +1 -0 ~0, upstreams +0 -0 ~0, listeners +0 -0 ~0", edge.Log, StringComparison.Ordinal);
        Assert.Contains("\"generation\":2", await admin.GetStringAsync("/config"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidFile_Answers422_WithPositionedErrors_AndTheOldRoutesStillAnswer()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        using var client = edge.CreateClient();
        using var admin = Client(edge.AdminPort);
        await File.AppendAllTextAsync(edge.ConfigPath, Broken);

        var outcome = await PostReloadAsync(admin);

        Assert.Equal(422, outcome.Status);
        Assert.False(outcome.Ok);
        Assert.Equal(1, outcome.Generation);
        Assert.NotEmpty(outcome.Errors);
        Assert.All(outcome.Errors, e => Assert.Matches(new Regex("^" + Regex.Escape(edge.ConfigPath) + @":\d+:\d+: "), e));
        Assert.Contains(outcome.Errors, e => e.Contains("base_path", StringComparison.Ordinal));
        Assert.Equal("route-a", await client.GetStringAsync("/a"));
        Assert.Equal(404, (int)(await client.GetAsync("/c")).StatusCode);
    }

    [Fact]
    public async Task GetReload_IsNotAReload()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        using var admin = Client(edge.AdminPort);
        using var response = await admin.GetAsync("/reload");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(1, edge.Server.Snapshots.Current.Generation);
    }
}
