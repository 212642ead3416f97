using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 63: a client announces Content-Length 10 MiB, sends 1 MiB, then stops with a FIN
/// (shutdown of its sending side) or a RST. Edge was streaming the body upstream; the upstream must
/// see a reset or a short body — never a complete request it might act on — and that upstream
/// connection is not pooled (the anchor is HAProxy's <c>abortonclose</c>). Over HTTP/2 the client
/// sends <c>RST_STREAM(CANCEL)</c> after 1 MiB of DATA (within the windows Edge gives): same answer, and the
/// client's connection goes on serving other streams.
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

    [Fact]
    public async Task H2_RstStreamCancelMidUpload_UpstreamSeesAShortBody_NeverAComplete_ConnectionNotPooled()
    {
        var uploads = new ConcurrentQueue<Upload>();
        long bodyBytes = 0;
        await using var upstream = new RawUpstream((s, n, ct) => ServeAsync(s, uploads, b => Interlocked.Add(ref bodyBytes, b), ct));
        await using var edge = await EdgeTestServer.StartAsync(Http2Gateway.H2cConfig(), upstream.Url);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var head = client.Block((":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/echo/upload"),
            ("content-length", Declared.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await client.SendAsync(w =>
        {
            Http2FrameWriter.WriteSettingsAck(w);
            H2RawClient.Headers(w, 1, head, endStream: false);
        });

        // 1 MiB of DATA, never more than the stream and connection windows allow (both start at 65,535).
        long streamWindow = 65_535, connectionWindow = 65_535;
        var chunk = new byte[16_384];
        chunk.AsSpan().Fill((byte)'u');
        for (var sent = 0; sent < Sent;)
        {
            var n = (int)Math.Min(Math.Min(chunk.Length, Sent - sent), Math.Min(streamWindow, connectionWindow));
            if (n > 0)
            {
                await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.Data, Http2FrameFlags.None, 1, chunk.AsSpan(0, n)));
                sent += n;
                streamWindow -= n;
                connectionWindow -= n;
                continue;
            }
            var frame = await client.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.NotEqual(Http2FrameType.GoAway, frame!.Type);
            Assert.False(frame.Type == Http2FrameType.RstStream && frame.StreamId == 1, $"stream 1 was reset: {frame}");
            if (frame.Type != Http2FrameType.WindowUpdate) continue;
            var increment = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(frame.Payload) & 0x7FFF_FFFF;
            if (frame.StreamId == 0) connectionWindow += increment;
            else if (frame.StreamId == 1) streamWindow += increment;
        }
        Assert.True(await SecurityGateway.WaitUntilAsync(() => Interlocked.Read(ref bodyBytes) == Sent, 15000),
            $"upstream got {Interlocked.Read(ref bodyBytes)} of the {Sent} bytes sent");

        var cancel = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(cancel, (uint)Http2ErrorCode.Cancel);
        await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.RstStream, Http2FrameFlags.None, 1, cancel));

        Assert.True(await SecurityGateway.WaitUntilAsync(() => !uploads.IsEmpty, 15000), "the upstream connection was left open");
        var upload = Assert.Single(uploads);
        Assert.NotEqual("complete", upload.End);
        Assert.Equal(Sent, upload.BodyBytes);

        // Not pooled; the client's connection still serves, and the next request needs a new upstream connection.
        Assert.Equal(0, edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].Pool.IdleCount);
        await client.SendAsync(w => H2RawClient.Headers(w, 3, client.Get("/echo/next"), endStream: true));
        var next = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 3);
        Assert.Equal(200, next!.Status);
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
