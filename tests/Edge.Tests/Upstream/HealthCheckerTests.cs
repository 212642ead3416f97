using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Tests.TestKit;
using Edge.Upstream;
using Edge.Upstream.Health;

namespace Edge.Tests.Upstream;

/// <summary>The per-cluster probe loop against a real loopback listener: out on failures, back on passes, stops on dispose.</summary>
public class HealthCheckerTests
{
    private static readonly ActiveHealthOptions Options = new("/healthz", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(180), Healthy: 2, Unhealthy: 2);

    [Fact]
    public async Task Probes_take_an_endpoint_out_and_bring_it_back_and_stop_on_dispose()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var status = 500;
        var probes = 0;
        var badRequests = 0;
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync();
        var endpoint = new UpstreamEndpoint($"http://127.0.0.1:{port}/base", new IPEndPoint(IPAddress.Loopback, port), $"127.0.0.1:{port}", "/base", new UpstreamPoolOptions());
        var unresolved = new UpstreamEndpoint("http://nowhere.invalid", null, "nowhere.invalid", "", new UpstreamPoolOptions());

        var checker = new HealthChecker([endpoint, unresolved], Options);
        await Eventually.TrueAsync(() => endpoint.Health.ActiveDown && unresolved.Health.ActiveDown, "both endpoints marked unhealthy");
        Volatile.Write(ref status, 200);
        await Eventually.TrueAsync(() => !endpoint.Health.ActiveDown, "the endpoint back after passing probes");
        Assert.True(unresolved.Health.ActiveDown);

        await checker.DisposeAsync();
        var after = Volatile.Read(ref probes);
        await Task.Delay(200);
        Assert.Equal(after, Volatile.Read(ref probes));
        stop.Cancel();
        listener.Stop();
        await serving;
        Assert.Equal(0, Volatile.Read(ref badRequests));

        async Task ServeAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync(stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                // One connection's trouble (a probe that timed out and closed under load) must not stop the loop.
                try
                {
                    using (socket)
                    {
                        var buffer = new byte[1024];
                        var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                        if (!Encoding.ASCII.GetString(buffer, 0, n).StartsWith("GET /base/healthz HTTP/1.1\r\n", StringComparison.Ordinal))
                            Interlocked.Increment(ref badRequests);
                        Interlocked.Increment(ref probes);
                        await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {Volatile.Read(ref status)} X\r\nContent-Length: 0\r\n\r\n"), SocketFlags.None);
                    }
                }
                catch (SocketException)
                {
                    // The prober gave up on this connection; the next probe opens a new one.
                }
            }
        }
    }
}
