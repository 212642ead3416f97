using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 39: a client that stops reading a large response is cut off once it has taken
/// nothing for send_timeout (nginx <c>send_timeout</c>; 1 s here). Edge holds at most its 64 KiB output
/// queue plus the socket buffers, so a 16 MiB response stalls and the connection is closed,
/// truncated, and the upstream exchange is abandoned.
/// </summary>
public sealed class Case39_SlowRead
{
    private const int ResponseSize = 16 * 1024 * 1024; // well above the kernel buffers (send buffer ≤ 4 MiB here)

    [Theory]
    [InlineData(false)] // never reads a byte
    [InlineData(true)]  // reads the head and a little, then stops
    public async Task ClientStopsReading_ClosedAfterSendTimeout_ResponseTruncated(bool readsALittle)
    {
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(ResponseSize) };
        await using var edge = await SecurityGateway.StartAsync(backend, "send_timeout = \"1s\"\n");
        using var client = edge.Connect(receiveBufferSize: 4096);

        await client.SendAsync(SecurityGateway.Get("/echo/big"));
        if (readsALittle)
        {
            var buffer = new byte[8192];
            var n = await client.Socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None);
            Assert.True(n > 0);
        }

        // Without reading anything more: Edge ends the connection on its own.
        Assert.True(await SecurityGateway.WaitUntilAsync(() => backend.Requests.Count == 1, 5000));
        Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.OpenConnections == 0, 10000),
            "the stalled connection is still open 10 s after a 1 s send timeout");

        // Now read what was queued: the response ends early (FIN or RST), far short of 2 MiB.
        var received = await DrainAsync(client);
        Assert.True(received < ResponseSize, $"received {received} of {ResponseSize} bytes");
    }

    [Fact]
    public async Task SlowButSteadyReader_GetsEverything()
    {
        // Reading 64 KiB every 100 ms never leaves output untaken for the 2 s send timeout.
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(1024 * 1024) };
        await using var edge = await SecurityGateway.StartAsync(backend, "send_timeout = \"2s\"\n");
        using var client = edge.Connect(receiveBufferSize: 16384);

        await client.SendAsync(SecurityGateway.Get("/echo/big"));
        var buffer = new byte[64 * 1024];
        var total = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var n = await client.Socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cts.Token);
            if (n == 0) break;
            total += n;
            if (total > 1024 * 1024) break; // head + body arrived
            await Task.Delay(100, cts.Token);
        }
        Assert.True(total > 1024 * 1024, $"received only {total} bytes");
        Assert.Equal(1, edge.Server.OpenConnections);
    }

    private static async Task<long> DrainAsync(RawClient client)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var n = await client.Socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cts.Token);
                if (n == 0) return total;
                total += n;
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            return total; // reset: the truncation Edge's abort produces
        }
    }
}
