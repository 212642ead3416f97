using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 42: a listener's connection cap (max_connections = 5 here): the connection over the
/// cap is closed at once, the others keep working, and service resumes once one leaves.
/// </summary>
public sealed class Case42_ConnectionCap
{
    private static string Config => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        max_connections = 5

        {{SecurityGateway.Routes}}
        """;

    [Fact]
    public async Task SixthConnection_ClosedAtOnce_OthersUnaffected_ServiceResumes()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config, backend.Url);
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var c = edge.Connect();
                clients.Add(c);
                await c.SendAsync(SecurityGateway.Get($"/echo/first{i}"));
                Assert.Equal(200, (await c.ReadResponseAsync())?.Status);
            }

            // Over the cap: the kernel completes the handshake, Edge closes it without a byte.
            using (var sixth = edge.Connect())
            {
                Assert.True(await sixth.IsClosedAsync(5000), "connection 6 was not closed");
                Assert.Equal("", sixth.Pending);
            }

            // The five keep working.
            for (var i = 0; i < 5; i++)
            {
                await clients[i].SendAsync(SecurityGateway.Get($"/echo/again{i}"));
                var r = await clients[i].ReadResponseAsync();
                Assert.Equal(200, r?.Status);
            }

            // One leaves; a new connection is served again (bounded retry while Edge notices the FIN).
            clients[0].Dispose();
            clients.RemoveAt(0);
            RawResponse? resumed = null;
            var until = DateTime.UtcNow.AddSeconds(8);
            while (resumed is null && DateTime.UtcNow < until)
            {
                using var c = edge.Connect();
                try
                {
                    await c.SendAsync(SecurityGateway.Get("/echo/resumed"));
                    resumed = await c.ReadResponseAsync(timeoutMs: 2000);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // Still at the cap: refused; try again.
                }
                if (resumed is null) await Task.Delay(100);
            }
            Assert.NotNull(resumed);
            Assert.Equal(200, resumed!.Status);
            Assert.Contains(backend.Requests, r => r.Target == "/resumed");
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task BurstOverTheCap_NeverMoreThanFiveServedAtOnce_AllCapacityReturns()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config, backend.Url);

        var burst = Enumerable.Range(0, 20).Select(_ => edge.Connect()).ToList();
        try
        {
            await Task.Delay(500);
            Assert.InRange(edge.Server.OpenConnections, 0, 5);
            var open = 0;
            foreach (var c in burst)
            {
                if (!await c.IsClosedAsync(300)) open++;
            }
            Assert.InRange(open, 1, 5);
        }
        finally
        {
            foreach (var c in burst) c.Dispose();
        }

        // All slots come back: five new clients are all served together.
        Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.OpenConnections == 0, 8000));
        var again = Enumerable.Range(0, 5).Select(_ => edge.Connect()).ToList();
        try
        {
            foreach (var c in again) await c.SendAsync(SecurityGateway.Get("/echo/after"));
            foreach (var c in again) Assert.Equal(200, (await c.ReadResponseAsync())?.Status);
        }
        finally
        {
            foreach (var c in again) c.Dispose();
        }
    }
}
