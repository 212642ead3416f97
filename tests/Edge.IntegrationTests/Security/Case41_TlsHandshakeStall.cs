using System.Diagnostics;
using System.Net.Sockets;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 41: a TLS client that sends nothing, half a ClientHello, or a ClientHello a byte at
/// a time is closed at the handshake deadline (server.limits.header_timeout, here 1 s; Kestrel's
/// HandshakeTimeout is 10 s), absolute from accept, and the stall ties up no thread meanwhile.
/// </summary>
public sealed class Case41_TlsHandshakeStall
{
    private static Task<EdgeTestServer> StartAsync() =>
        EdgeTestServer.StartAsync(TlsCertificates.ListenerConfig(TlsCertificates.Shared.SniTls(), limits: "header_timeout = \"1s\""));

    // A handshake record header announcing a 512-byte ClientHello, and its first bytes.
    private static readonly byte[] HelloStart = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03];

    [Theory]
    [InlineData("nothing")]
    [InlineData("half-hello")]
    [InlineData("trickle")]
    public async Task StalledHandshake_IsClosedAtTheDeadline(string shape)
    {
        await using var edge = await StartAsync();
        using var client = edge.Connect();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var sending = shape switch
        {
            "half-hello" => client.Socket.SendAsync(HelloStart, SocketFlags.None),
            "trickle" => TrickleAsync(client.Socket, stop.Token),
            _ => Task.CompletedTask,
        };
        var closed = await client.IsClosedAsync(timeoutMs: 10000);
        var elapsed = clock.Elapsed;
        stop.Cancel();
        await sending;

        Assert.True(closed, "still open 10 s after a 1 s handshake deadline");
        Assert.True(elapsed < TimeSpan.FromSeconds(6), $"closed after {elapsed.TotalSeconds:F1} s (deadline 1 s)");
        await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.TimedOut == 1, "the timeout to be counted");
    }

    [Fact]
    public async Task ManyStalledHandshakes_DoNotDelayAGoodClient()
    {
        await using var edge = await StartAsync();
        var stalled = Enumerable.Range(0, 50).Select(_ => edge.Connect()).ToList();
        try
        {
            foreach (var c in stalled) await c.Socket.SendAsync(HelloStart, SocketFlags.None);

            var good = await TlsClient.HandshakeAsync(edge.Port, "a.test");
            Assert.Equal("CN=a.test, O=Edge Tests", good.ServerCertificate.Subject);

            foreach (var c in stalled) Assert.True(await c.IsClosedAsync(timeoutMs: 15000));
            await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.TimedOut == 50, "every stalled handshake to time out");
        }
        finally
        {
            foreach (var c in stalled) c.Dispose();
        }
    }

    private static async Task TrickleAsync(Socket socket, CancellationToken ct)
    {
        try
        {
            for (var i = 0; !ct.IsCancellationRequested; i++)
            {
                await socket.SendAsync(HelloStart.AsMemory(i % HelloStart.Length, 1), SocketFlags.None, ct);
                await Task.Delay(100, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cancelled, or the server closed the connection: both end the trickle.
        }
    }
}
