using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Edge.IntegrationTests.Kit;
using Xunit.Abstractions;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 62, back-pressure toward the upstream.
/// <list type="bullet">
/// <item>An upstream trickling 1 B/s: the upstream <c>idle_timeout</c> (the longest gap between response
/// body bytes; 800 ms here so that a 1 s gap trips it) ends the response: the client sees a truncation
/// and a close, and the upstream connection is dropped. The timer is a gap timer, not a minimum rate: a
/// trickle faster than <c>idle_timeout</c> is not cut (see docs/security-cases.md).</item>
/// <item>A fast upstream and a client that reads nothing: Edge stops reading the upstream once its
/// buffers are full, so the upstream's writes stall. What Edge itself holds is bounded by
/// <c>SocketConnection.MaxInputBuffer</c> (64 KiB: the upstream connection's input pipe pauses the
/// receive loop) + the chunk being forwarded (≤ that input) + <c>SocketConnection.MaxOutputBuffer</c>
/// (64 KiB: the client connection's output pipe makes the forwarder wait). The rest of what the
/// upstream managed to write sits in kernel socket buffers: the test's SO_SNDBUF (upstream) and
/// SO_RCVBUF (client), Edge's upstream socket receive buffer (tcp_rmem, default 128 KiB, autotuned)
/// and Edge's client socket send buffer (tcp_wmem, autotuned up to 4 MiB on this machine). The test
/// asserts that the upstream is stalled well before the end of a 50 MiB response — under
/// <see cref="MaxWrittenWhileStalled"/> — and that the stall holds, then that everything arrives
/// intact once the client reads.</item>
/// </list>
/// The h2 per-stream windows (64 KiB per stream) come with HTTP/2.
/// </summary>
public sealed class Case62_BackPressure(ITestOutputHelper output)
{
    private const long ResponseSize = 50L * 1024 * 1024;

    /// <summary>Kernel buffers on both of Edge's sockets (≤ 4 MiB + tcp_rmem growth) plus Edge's 2 × 64 KiB: far below 50 MiB.</summary>
    private const long MaxWrittenWhileStalled = 12L * 1024 * 1024;

    /// <summary>
    /// Edge's own share: the upstream input pipe pauses its receive loop at 64 KiB (+ one 4 KiB block
    /// read before the pause is seen), the forwarder copies what it holds into the client output pipe,
    /// which makes it wait once 64 KiB are queued (+ the one chunk that crossed the threshold, ≤ 64 KiB):
    /// 196 KiB at most; 256 KiB asserted.
    /// </summary>
    private const long MaxHeldByEdge = 256 * 1024;

    private static readonly string Head = $"HTTP/1.1 200 OK\r\nContent-Length: {ResponseSize}\r\n\r\n";
    private static readonly int HeadLength = Head.Length;

    [Fact]
    public async Task OneBytePerSecondUpstream_IdleTimeoutEndsTheResponse_ClientSeesATruncation()
    {
        var upstreamEnded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new RawUpstream(async (s, _, ct) =>
        {
            if (await RawUpstream.ReadHeadAsync(s, ct) is null) return;
            try
            {
                await RawUpstream.SendAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nx", ct);
                for (var i = 0; i < 60; i++)
                {
                    await Task.Delay(1000, ct);
                    await RawUpstream.SendAsync(s, "x", ct);
                }
                upstreamEnded.TrySetResult("still sending after 60 s");
            }
            catch (SocketException e)
            {
                upstreamEnded.TrySetResult("cut: " + e.SocketErrorCode);
            }
        });
        await using var edge = await SecurityGateway.StartAsync(upstream.Url, "idle_timeout = \"800ms\"");
        using var client = edge.Connect();

        var watch = Stopwatch.StartNew();
        await client.SendAsync(SecurityGateway.Get("/echo/trickle"));
        var response = await client.ReadResponseAsync(timeoutMs: 20000);
        watch.Stop();

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        Assert.True(response.Truncated, "the trickled response looked complete");
        Assert.True(response.Body.Length < 1000, $"{response.Body.Length} bytes");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"cut after {watch.Elapsed}");
        Assert.True(await client.IsClosedAsync());
        // Edge dropped the upstream connection: the trickler's next writes fail.
        var ended = await upstreamEnded.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("cut", ended, StringComparison.Ordinal);
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task FastUpstream_ClientReadsNothing_EdgeStopsReadingTheUpstream_ThenDeliversEverything()
    {
        long written = 0;
        await using var upstream = new RawUpstream(async (s, _, ct) =>
        {
            if (await RawUpstream.ReadHeadAsync(s, ct) is null) return;
            await RawUpstream.SendAsync(s, Encoding.ASCII.GetBytes(Head), ct);
            var chunk = new byte[16 * 1024];
            chunk.AsSpan().Fill((byte)'z');
            for (long sent = 0; sent < ResponseSize; sent += chunk.Length)
            {
                await RawUpstream.SendAsync(s, chunk, ct);
                Interlocked.Add(ref written, chunk.Length);
            }
        }, sendBufferSize: 16 * 1024);
        await using var edge = await SecurityGateway.StartAsync(upstream.Url, "", "send_timeout = \"60s\"\n");
        using var client = edge.Connect(receiveBufferSize: 4096);

        await client.SendAsync(SecurityGateway.Get("/echo/big"));

        // The upstream writes until every buffer on the way is full, then stalls.
        var stalledAt = await SecurityGateway.WaitForStableAsync(() => (int)Interlocked.Read(ref written), quietMs: 2000, timeoutMs: 30000);
        await Task.Delay(2000);
        var later = Interlocked.Read(ref written);
        output.WriteLine($"upstream wrote {stalledAt:N0} B ({stalledAt / 1024.0 / 1024.0:F2} MiB) of {ResponseSize:N0} while the client read nothing; {later:N0} B 2 s later");
        Assert.True(stalledAt > 64 * 1024, $"the upstream wrote only {stalledAt} B: the response never flowed");
        Assert.True(stalledAt < MaxWrittenWhileStalled, $"the upstream wrote {stalledAt} B while the client read nothing (bound {MaxWrittenWhileStalled})");
        Assert.Equal(stalledAt, later);
        Assert.Equal(1, edge.Server.OpenConnections);

        // Where the bytes are: the kernel queues of the four sockets on the path, and what is left is Edge's.
        var clientPort = ((System.Net.IPEndPoint)client.Socket.LocalEndPoint!).Port;
        var tcp = ProcNetTcp.Read().Where(t => t.State == ProcNetTcp.Established).ToList();
        var upstreamTx = tcp.Single(t => t.LocalPort == upstream.Port).TxQueue;
        var edgeUpstreamRx = tcp.Single(t => t.RemotePort == upstream.Port).RxQueue;
        var edgeClientTx = tcp.Single(t => t.LocalPort == edge.Port && t.RemotePort == clientPort).TxQueue;
        var clientRx = tcp.Single(t => t.LocalPort == clientPort && t.RemotePort == edge.Port).RxQueue;
        var kernel = upstreamTx + edgeUpstreamRx + edgeClientTx + clientRx;
        var edgeHeld = stalledAt + HeadLength - kernel;
        output.WriteLine($"kernel queues: upstream tx {upstreamTx:N0}, Edge upstream-side rx {edgeUpstreamRx:N0}, Edge client-side tx {edgeClientTx:N0}, client rx {clientRx:N0}; Edge itself holds {edgeHeld:N0} B");
        Assert.InRange(edgeHeld, 0, MaxHeldByEdge);

        // Reading resumes the flow: the whole 50 MiB arrives, nothing dropped or duplicated.
        var received = await ReadResponseLengthAsync(client.Socket);
        Assert.Equal(ResponseSize, received);
        Assert.Equal(ResponseSize, Interlocked.Read(ref written));
    }

    /// <summary>Reads one Content-Length response from the socket, counting body bytes (no buffering of the body).</summary>
    private static async Task<long> ReadResponseLengthAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[256 * 1024];
        var head = new List<byte>();
        long body = -1;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0) return body;
            if (body < 0)
            {
                head.AddRange(buffer.AsSpan(0, n));
                var end = head.ToArray().AsSpan().IndexOf("\r\n\r\n"u8);
                if (end < 0) continue;
                body = head.Count - (end + 4);
            }
            else
            {
                body += n;
            }
            if (body >= ResponseSize) return body;
        }
    }
}
