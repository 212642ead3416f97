using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 64: half-open peers — clients that vanish without a FIN. A client that is simply
/// gone (SIGSTOP, or a drop rule) looks to Edge exactly like one that connected and then sends nothing:
/// its kernel still ACKs, nothing more ever comes. Three shapes: silent from the start, silent in the
/// middle of a request head, silent after a keep-alive response. The idle timer (silent close) and the
/// absolute header timer (408 and close) reap all of them, here at 1 s, and what they held is given
/// back: the server's open-connection count, Edge's sockets on its port, and — with Edge as its own
/// process — the process's whole fd count return to their baseline. The client sockets stay open the
/// whole time (the peer never says goodbye). HTTP/2's PING-based liveness comes with HTTP/2.
/// </summary>
public sealed class Case64_HalfOpenPeer
{
    private const string Limits = "idle_timeout = \"1s\"\nheader_timeout = \"1s\"\n";
    private const int PerShape = 10;

    public static TheoryData<string> Shapes => new() { "silent", "mid-head", "after-response", "all" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task VanishedClients_AreReapedByTheTimers_OpenConnectionsAndSocketsBackToBaseline(string shape)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        Assert.Equal(0, EdgeSockets(edge.Port));
        var shapes = shape == "all" ? new[] { "silent", "mid-head", "after-response" } : [shape];

        var clients = new List<RawClient>();
        try
        {
            foreach (var s in shapes)
            {
                for (var i = 0; i < PerShape; i++) clients.Add(await VanishAsync(edge, s));
            }

            Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.OpenConnections == 0, 15000),
                $"{edge.Server.OpenConnections} connections still open 15 s after 1 s timers");
            Assert.True(await SecurityGateway.WaitUntilAsync(() => EdgeSockets(edge.Port) == 0, 5000),
                $"{EdgeSockets(edge.Port)} of Edge's sockets on port {edge.Port} are still open");

            // Each peer got what its shape deserves: nothing (idle), or a 408 (header deadline), then the close.
            foreach (var c in clients)
            {
                Assert.True(await c.IsClosedAsync(5000));
            }
            if (shapes.Contains("mid-head"))
                Assert.Contains(clients, c => c.Pending.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal));
            Assert.All(clients.Where(c => !c.Pending.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal)), c => Assert.Equal("", c.Pending));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task EdgeProcess_VanishedClients_FdCountReturnsToBaseline()
    {
        await using var backend = new TestBackend();
        var (port, admin) = (FreePort.Get(), FreePort.Get());
        var file = Path.Combine(Path.GetTempPath(), $"edge-case64-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(file, EdgeTestServer.Config(SecurityGateway.Routes, Limits)
            .Replace("{PORT}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{ADMIN}", admin.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{BACKEND}", backend.Url, StringComparison.Ordinal));
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        try
        {
            await using var edge = EdgeProcess.Start("run", "-c", file);
            await edge.WaitForStdErrAsync("edge: ready");

            // Warm up every path once (JIT, socket engine, pools, timers), let the timers reap it, then take the baseline.
            var warm = new List<RawClient>();
            foreach (var shape in new[] { "silent", "mid-head", "after-response" }) warm.Add(await VanishAsync(endPoint, shape));
            foreach (var c in warm) Assert.True(await c.IsClosedAsync(10000));
            foreach (var c in warm) c.Dispose();
            var baseline = await SecurityGateway.WaitForStableAsync(() => FdCount(edge.Pid), quietMs: 1500, timeoutMs: 10000);

            var clients = new List<RawClient>();
            try
            {
                foreach (var shape in new[] { "silent", "mid-head", "after-response" })
                {
                    for (var i = 0; i < PerShape; i++) clients.Add(await VanishAsync(endPoint, shape));
                }
                var peak = FdCount(edge.Pid);

                foreach (var c in clients) Assert.True(await c.IsClosedAsync(15000), "a vanished client was never reaped");
                var after = await SecurityGateway.WaitForStableAsync(() => FdCount(edge.Pid), quietMs: 1500, timeoutMs: 15000);

                // The peak proves the measurement sees the connections; "after" must be back at the baseline
                // (2 fds of slack for the runtime, e.g. a lazily opened timer or thread handle).
                Assert.True(peak >= baseline + clients.Count / 2, $"fd count {peak} with {clients.Count} open peers, baseline {baseline}");
                Assert.True(after <= baseline + 2, $"fd count {after} after the timers, baseline {baseline} (peak {peak}):\n{string.Join("\n", ProcNetTcp.FdTargets(edge.Pid))}");
            }
            finally
            {
                foreach (var c in clients) c.Dispose();
            }

            await edge.SignalAsync("TERM");
            Assert.Equal(0, await edge.WaitForExitAsync(30));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<RawClient> VanishAsync(EdgeTestServer edge, string shape) =>
        VanishAsync(new IPEndPoint(IPAddress.Loopback, edge.Port), shape);

    /// <summary>Connects and goes silent in the given shape (the socket stays open: no FIN, no RST).</summary>
    private static async Task<RawClient> VanishAsync(IPEndPoint endPoint, string shape)
    {
        var client = RawClient.Connect(endPoint);
        switch (shape)
        {
            case "mid-head":
                await client.SendAsync("GET /echo/x HTTP/1.1\r\nHost: a\r\nX-Half: ");
                break;
            case "after-response":
                await client.SendAsync(SecurityGateway.Get("/echo/once"));
                var response = await client.ReadResponseAsync();
                Assert.Equal(200, response?.Status);
                Assert.NotEqual("close", response!.Header("Connection"));
                break;
        }
        return client;
    }

    /// <summary>
    /// Sockets of this process whose local port is Edge's listening port, excluding the listener: the
    /// server side of accepted connections (the client sides have ephemeral local ports). /proc/net/tcp
    /// joined with /proc/self/fd by inode, so other tests' sockets do not count.
    /// </summary>
    private static int EdgeSockets(int port)
    {
        var inodes = ProcNetTcp.Read().Where(s => s.LocalPort == port && s.State != ProcNetTcp.Listen && s.Inode != "0")
            .Select(s => s.Inode).ToHashSet();
        return ProcNetTcp.FdTargets(Environment.ProcessId)
            .Count(target => target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]));
    }

    private static int FdCount(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;
}
