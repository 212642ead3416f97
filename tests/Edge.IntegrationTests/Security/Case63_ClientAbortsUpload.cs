using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 63: a client announces Content-Length 10 MiB, sends 1 MiB, then stops with a FIN
/// (shutdown of its sending side) or a RST. Edge was streaming the body upstream; the upstream must
/// see a reset or a short body — never a complete request it might act on — and that upstream
/// connection is not pooled (the anchor is HAProxy's <c>abortonclose</c>). The h2
/// <c>RST_STREAM(CANCEL)</c> variant comes with HTTP/2.
/// </summary>
public sealed partial class Case63_ClientAbortsUpload
{
    private const int Declared = 10 * 1024 * 1024;
    private const int Sent = 1024 * 1024;

    [Theory]
    [InlineData("fin")]
    [InlineData("rst")]
    public async Task UploadAbortedMidBody_UpstreamSeesAResetOrShortBody_NeverAComplete_ConnectionNotPooled(string abort)
    {
        var uploads = new ConcurrentQueue<Upload>();
        long bodyBytes = 0;
        await using var upstream = new RawUpstream((s, n, ct) => ServeAsync(s, uploads, b => Interlocked.Add(ref bodyBytes, b), ct));
        await using var edge = await SecurityGateway.StartAsync(upstream.Url, "");

        using (var client = edge.Connect())
        {
            await client.SendAsync($"POST /echo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: {Declared}\r\n\r\n");
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)'u');
            for (var sent = 0; sent < Sent; sent += chunk.Length) await client.SendAsync(chunk);

            // Edge streams the body as it comes: the upstream has the whole first MiB before the abort.
            Assert.True(await SecurityGateway.WaitUntilAsync(() => Interlocked.Read(ref bodyBytes) == Sent, 15000),
                $"upstream got {Interlocked.Read(ref bodyBytes)} of the {Sent} bytes sent");

            if (abort == "fin")
            {
                client.Socket.Shutdown(SocketShutdown.Send);
                // The client can still read: whatever Edge says, it is no success, and the connection ends.
                var answer = await client.ReadResponseAsync(timeoutMs: 15000);
                if (answer is not null)
                {
                    Assert.Equal(408, answer.Status);
                    Assert.Equal("close", answer.Header("Connection"));
                }
                Assert.True(await client.IsClosedAsync(10000));
            }
            else
            {
                RawUpstream.Reset(client.Socket);
            }
        }

        Assert.True(await SecurityGateway.WaitUntilAsync(() => !uploads.IsEmpty, 15000), "the upstream connection was left open");
        var upload = Assert.Single(uploads);
        Assert.NotEqual("complete", upload.End);
        Assert.True(upload.BodyBytes < Declared, $"the upstream got {upload.BodyBytes} of {Declared}");
        Assert.Equal(Sent, upload.BodyBytes);

        // Not pooled: nothing idle, and the next request needs a new upstream connection.
        Assert.Equal(0, edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].Pool.IdleCount);
        using var http = edge.CreateClient();
        using var next = await http.GetAsync("/echo/next");
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal(2, upstream.Connections);
    }

    private sealed record Upload(long BodyBytes, string End);

    /// <summary>Reads a request head and its Content-Length body as it streams in; answers 200 only to a complete one.</summary>
    private static async Task ServeAsync(Socket socket, ConcurrentQueue<Upload> uploads, Action<long> onBody, CancellationToken ct)
    {
        while (await RawUpstream.ReadHeadAsync(socket, ct) is { } request)
        {
            var match = ContentLength().Match(request.Head);
            var length = match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            long got = request.Leftover.Length;
            onBody(got);
            var end = "complete";
            var buffer = new byte[64 * 1024];
            try
            {
                while (got < length)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                    if (n == 0)
                    {
                        end = "fin";
                        break;
                    }
                    got += n;
                    onBody(n);
                }
            }
            catch (SocketException e)
            {
                end = "reset: " + e.SocketErrorCode;
            }
            if (length > 0) uploads.Enqueue(new Upload(got, end));
            if (end != "complete") return;
            await RawUpstream.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ct);
        }
    }

    [GeneratedRegex(@"(?im)^content-length:\s*(\d+)\s*$")]
    private static partial Regex ContentLength();
}
