using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 44: a declared Content-Length over the body cap gets 413 before any of the body is
/// read; a chunked body crossing the cap gets 413 or a reset at that point, with the upstream request
/// aborted (the backend never sees a complete request). The cap is 64 KiB here to keep it fast.
/// </summary>
public sealed class Case44_BodyCap
{
    private const string Limits = "body = \"64KiB\"\n";

    [Theory]
    [InlineData(65537, "")]
    [InlineData(65537, "Expect: 100-continue\r\n")]
    [InlineData(10485761, "")]
    public async Task DeclaredLengthOverCap_413_BeforeTheBody(long length, string fields)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        // Only the head is sent: the 413 must come without waiting for (or reading) a body.
        await client.SendAsync($"POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: {length}\r\n{fields}\r\n");
        var response = await client.ReadResponseAsync(timeoutMs: 5000);

        Assert.NotNull(response);
        Assert.Equal(413, response!.Status);
        Assert.True(await client.IsClosedAsync());
        Assert.DoesNotContain("100 Continue", client.Pending, StringComparison.Ordinal);
        Assert.Equal(0, backend.Connections);
    }

    /// <summary>
    /// A client that goes on sending the body after the early 413 (many write the whole
    /// content before reading) must not be reset: Edge closes lingering (RFC 9112 §9.6) — its FIN first,
    /// then it discards what still comes — so every write succeeds and the 413 stays readable. Closing
    /// at once would answer the first late segment with a reset and fail the next write (broken pipe).
    /// </summary>
    [Fact]
    public async Task ClientStillSendingAfterThe413_IsNotReset_LingeringClose()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n");
        var response = await client.ReadResponseAsync(timeoutMs: 5000);
        Assert.Equal(413, response?.Status);

        // Edge has answered and sent its FIN; the client, not yet reading, writes its whole body.
        var chunk = new byte[64 * 1024];
        for (var sent = 0; sent < 1048576; sent += chunk.Length) await client.SendAsync(chunk);
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(0, backend.Connections);
    }

    [Fact]
    public async Task DefaultCap_TenMiBPlusOne_413()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n");
        var response = await client.ReadResponseAsync(timeoutMs: 5000);

        Assert.Equal(413, response?.Status);
        Assert.True(await client.IsClosedAsync());
        Assert.Equal(0, backend.Connections);
    }

    [Fact]
    public async Task BodyAtTheCap_IsForwarded()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        await client.SendAsync($"POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 65536\r\n\r\n{new string('b', 65536)}");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response?.Status);
        var seen = Assert.Single(backend.Requests);
        Assert.True(seen.BodyComplete);
        Assert.Equal(65536, seen.Body.Length);
    }

    [Theory]
    [InlineData(16 * 1024, 5)]  // 80 KiB in 16 KiB chunks
    [InlineData(65536, 2)]      // the second chunk crosses
    [InlineData(65537, 1)]      // one chunk bigger than the cap
    public async Task ChunkedBodyCrossingCap_413OrReset_UpstreamAborted(int chunkSize, int chunks)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        var body = new StringBuilder();
        for (var i = 0; i < chunks; i++) body.Append($"{chunkSize:x}\r\n").Append('c', chunkSize).Append("\r\n");
        body.Append("0\r\n\r\n");
        try
        {
            await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Edge may reset while we are still sending: an allowed outcome.
        }
        var response = await client.ReadResponseAsync(timeoutMs: 5000);

        if (response is not null) Assert.Equal(413, response.Status);
        Assert.True(await client.IsClosedAsync());
        await Task.Delay(200);
        Assert.DoesNotContain(backend.Requests, r => r.BodyComplete);
    }
}
