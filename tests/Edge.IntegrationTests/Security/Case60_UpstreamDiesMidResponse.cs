using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 60: the upstream dies mid-response — Content-Length 100000 with 50,000 bytes sent,
/// then a reset (SO_LINGER 0) or a FIN, or a chunked body without its last chunk. The response has
/// started, so it cannot become a 502: on HTTP/1.1 the client sees the connection end early, with fewer
/// bytes than declared (never a clean end that would look complete); the request is not retried (the
/// upstream sees one request, on one connection); and the access log line carries <c>flags: truncated</c>.
/// On HTTP/2 (an h2c client through Edge to the HTTP/1.1 upstream) the stream ends with
/// RST_STREAM(INTERNAL_ERROR), never END_STREAM, and the connection goes on serving other streams.
/// </summary>
public sealed class Case60_UpstreamDiesMidResponse
{
    private const int Declared = 100_000;
    private const int Sent = 50_000;

    public static TheoryData<string> Deaths => new() { "cl-rst", "cl-fin", "chunked-fin", "chunked-rst" };

    [Theory]
    [MemberData(nameof(Deaths))]
    public async Task ClientSeesAnEarlyClose_NoRetry_AccessLogFlagsTruncated(string death)
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-case60-{Guid.NewGuid():N}.log");
        try
        {
            await using var upstream = new RawUpstream((s, _, ct) => DieMidResponseAsync(s, death, ct));
            var config = EdgeTestServer.Config(SecurityGateway.Routes).Replace("access_log = \"off\"", $"access_log = \"{log}\"", StringComparison.Ordinal);
            await using var edge = await EdgeTestServer.StartAsync(config, upstream.Url);
            using var client = edge.Connect();

            await client.SendAsync(SecurityGateway.Get("/echo/big"));
            var response = await client.ReadResponseAsync(timeoutMs: 15000);

            Assert.NotNull(response);
            Assert.Equal(200, response!.Status);
            Assert.True(response.Truncated, $"{death}: the response looked complete ({response.Body.Length} bytes)");
            Assert.InRange(response.Body.Length, 0, Sent);
            if (death.StartsWith("cl", StringComparison.Ordinal))
                Assert.Equal(Declared.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
            else
                Assert.Equal("chunked", response.Header("Transfer-Encoding"));
            Assert.True(await client.IsClosedAsync(), "the client connection must end with the truncated response");

            // No retry once the response has started: one connection, one request.
            await Task.Delay(500);
            Assert.Equal(1, upstream.Connections);

            var line = Assert.Single(await ReadLogAsync(log, 1));
            Assert.Equal(200, line.GetProperty("status").GetInt32());
            Assert.Contains("truncated", line.GetProperty("flags").GetString(), StringComparison.Ordinal);
            Assert.InRange(line.GetProperty("bytes_sent").GetInt64(), 0, Sent);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task TruncatedUpstreamBody_TheNextRequestWorksOnAFreshUpstreamConnection()
    {
        var calls = 0;
        await using var backend = new TestBackend();
        backend.Behavior = async (request, s) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"u8.ToArray());
                return false; // close after 5 of 10 bytes
            }
            return await TestBackend.EchoAsync(request, s);
        };
        await using var edge = await SecurityGateway.StartAsync(backend);

        using (var client = edge.Connect())
        {
            await client.SendAsync(SecurityGateway.Get("/echo/cut"));
            var response = await client.ReadResponseAsync();
            Assert.NotNull(response);
            Assert.True(response!.Truncated, "a cut upstream body must not look complete to the client");
            Assert.True(await client.IsClosedAsync());
        }
        using var again = edge.CreateClient();
        using var next = await again.GetAsync("/echo/next");
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal(2, backend.Connections);
    }

    [Theory]
    [MemberData(nameof(Deaths))]
    public async Task H2_StreamResetWithInternalError_NeverEndStream_NoRetry_ConnectionGoesOn(string death)
    {
        await using var upstream = new RawUpstream((s, _, ct) => DieMidResponseAsync(s, death, ct));
        await using var edge = await EdgeTestServer.StartAsync(Http2Gateway.H2cConfig(), upstream.Url);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        await client.SendAsync(w =>
        {
            Http2FrameWriter.WriteSettingsAck(w);
            H2RawClient.Headers(w, 1, client.Get("/echo/big"), endStream: true);
        });

        // 50,000 bytes fit the client's default 65,535-byte windows: no WINDOW_UPDATE is needed to see the end.
        var status = 0;
        var received = 0;
        RawFrame? reset = null;
        while (await client.ReadFrameAsync() is { } frame)
        {
            if (frame.StreamId != 1) continue;
            Assert.False(frame.EndStream, $"{death}: {frame} ended the stream as if the response were complete");
            if (frame.Type == Http2FrameType.Headers) status = frame.Status;
            if (frame.Type == Http2FrameType.Data) received += frame.Payload.Length;
            if (frame.Type != Http2FrameType.RstStream) continue;
            reset = frame;
            break;
        }
        Assert.Equal(200, status);
        Assert.NotNull(reset);
        Assert.Equal(Http2ErrorCode.InternalError, reset!.ErrorCode);
        Assert.InRange(received, 0, Sent);

        // No retry once the response has started; the client connection itself is fine.
        await Task.Delay(500);
        Assert.Equal(1, upstream.Connections);
        await client.SendAsync(w => H2RawClient.Headers(w, 3, client.Get("/mock/after"), endStream: true));
        var next = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 3);
        Assert.Equal(200, next!.Status);
    }

    /// <summary>Reads the request, sends the head and 50,000 body bytes, then dies as <paramref name="death"/> says.</summary>
    private static async Task DieMidResponseAsync(Socket socket, string death, CancellationToken ct)
    {
        if (await RawUpstream.ReadHeadAsync(socket, ct) is null) return;
        var chunked = death.StartsWith("chunked", StringComparison.Ordinal);
        var body = new byte[Sent];
        body.AsSpan().Fill((byte)'b');
        if (chunked)
        {
            await RawUpstream.SendAsync(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", ct);
            for (var i = 0; i < Sent; i += 10_000)
            {
                await RawUpstream.SendAsync(socket, $"{10_000:x}\r\n", ct);
                await RawUpstream.SendAsync(socket, body.AsMemory(i, 10_000), ct);
                await RawUpstream.SendAsync(socket, "\r\n", ct);
            }
            // ... and never the last chunk "0\r\n\r\n".
        }
        else
        {
            await RawUpstream.SendAsync(socket, Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {Declared}\r\n\r\n"), ct);
            await RawUpstream.SendAsync(socket, body, ct);
        }
        // Let the bytes reach Edge before dying (a reset drops whatever is still unsent).
        await Task.Delay(300, ct);
        if (death.EndsWith("rst", StringComparison.Ordinal))
        {
            RawUpstream.Reset(socket);
        }
        else
        {
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        }
    }

    private static async Task<List<JsonElement>> ReadLogAsync(string path, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        string[] lines = [];
        while (DateTime.UtcNow < until)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length >= expected) break;
            }
            await Task.Delay(100);
        }
        return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
