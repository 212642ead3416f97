using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Hosting.ReloadConfigs;

namespace Edge.IntegrationTests.Hosting;

/// <summary>Reload adds and removes listeners; unchanged ones keep running; a failed bind rejects the reload.</summary>
public sealed class ListenerReloadTests
{
    [Fact]
    public async Task AddedListenerServes_RemovedOneStopsAccepting_AndItsInFlightRequestFinishes()
    {
        await using var backend = new TestBackend
        {
            Behavior = async (request, s) =>
            {
                if (request.Target.Contains("delay", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromSeconds(1));
                return await TestBackend.EchoAsync(request, s);
            },
        };
        var upstream = $"\n[[upstreams]]\nname = \"backend\"\nendpoints = [\"{backend.Url}\"]\n\n[[apis]]\nname = \"slow\"\nbase_path = \"/slow\"\nupstream = \"backend\"\n  [[apis.resources]]\n  path = \"/*\"\n";
        var (main, extra, adminPort) = (FreePort.Get(), FreePort.Get(), FreePort.Get());
        var file = Path.Combine(Path.GetTempPath(), $"edge-listeners-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(file, ReloadConfigs.Config(adminPort, Listener(main), ApiA + upstream));
        var loaded = Edge.Snapshot.SnapshotLoader.Load(File.ReadAllBytes(file), file, 1, null);
        var log = new StringWriter();
        var server = Edge.Hosting.EdgeServer.Start(loaded.Snapshot!, file, TextWriter.Synchronized(log));
        try
        {
            Assert.True(Refuses(extra));
            using var mainClient = Client(main);
            using var extraClient = Client(extra);
            var mainConnectionBefore = await mainClient.GetStringAsync("/a");

            await File.WriteAllTextAsync(file, ReloadConfigs.Config(adminPort, Listener(main) + Listener(extra), ApiA + upstream));
            var added = await server.ReloadAsync();
            Assert.True(added.Succeeded, string.Join("\n", added.Errors));
            Assert.Equal("route-a", await extraClient.GetStringAsync("/a"));
            Assert.Contains(server.Bound, b => b.EndPoint.Port == extra);

            // A slow request in flight on the listener about to go.
            var inFlight = extraClient.GetAsync("/slow/delay");
            await backend.WaitForRequestsAsync(1);
            await File.WriteAllTextAsync(file, ReloadConfigs.Config(adminPort, Listener(main), ApiA + upstream));
            var removed = await server.ReloadAsync();
            Assert.True(removed.Succeeded, string.Join("\n", removed.Errors));

            Assert.True(Refuses(extra));
            using (var response = await inFlight) Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("route-a", await mainClient.GetStringAsync("/a"));
            Assert.DoesNotContain(server.Bound, b => b.EndPoint.Port == extra);
            Assert.Contains("listeners +0 -1 ~0", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await server.DrainAsync(TimeSpan.FromSeconds(2));
            await server.DisposeAsync();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ListenerThatCannotBind_RejectsTheReload_NamingListenersBind_AndNothingChanges()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        using var client = edge.CreateClient();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, text + ApiB + Listener(busy));

        var outcome = await edge.Server.ReloadAsync();

        Assert.False(outcome.Succeeded);
        Assert.Equal(1, outcome.Generation);
        Assert.Contains(outcome.Errors, e => e.StartsWith(edge.ConfigPath + ":", StringComparison.Ordinal) && e.Contains("listeners[1].bind", StringComparison.Ordinal));
        Assert.Equal(404, (int)(await client.GetAsync("/b")).StatusCode);
        Assert.Equal("route-a", await client.GetStringAsync("/a"));
        Assert.Equal(2, edge.Server.Bound.Count);
    }

    [Fact]
    public async Task ChangedListenerOnTheSameAddress_IsBoundAgainWithItsNewSettings()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        using var client = edge.CreateClient();
        Assert.Equal("route-a", await client.GetStringAsync("/a"));
        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, text.Replace("bind = \"127.0.0.1:" + edge.Port + "\"", "bind = \"127.0.0.1:" + edge.Port + "\"\nmax_connections = 50", StringComparison.Ordinal));

        var outcome = await edge.Server.ReloadAsync();

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        Assert.Contains("listeners +0 -0 ~1", edge.Log, StringComparison.Ordinal);
        using var fresh = edge.CreateClient();
        Assert.Equal("route-a", await fresh.GetStringAsync("/a"));
    }
}
