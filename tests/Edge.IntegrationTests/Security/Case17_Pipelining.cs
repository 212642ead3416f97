using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 17: pipelined requests are answered in order (RFC 9112 §9.3.2 MUST); a client that
/// pipelines and never reads stops Edge at ~64 KiB of queued output (Kestrel's MaxResponseBufferSize),
/// so it cannot make Edge buffer 1,000 responses; a 400 mid-pipeline answers what came before, then closes.
/// </summary>
public sealed class Case17_Pipelining
{
    [Fact]
    public async Task GetPostGet_InOneWrite_ThreeResponsesInOrder()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync(
            SecurityGateway.Get("/echo/1")
            + "POST /echo/2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            + SecurityGateway.Get("/echo/3"));

        for (var i = 1; i <= 3; i++)
        {
            var response = await client.ReadResponseAsync();
            Assert.NotNull(response);
            Assert.Equal(200, response!.Status);
            Assert.Contains($"\"target\":\"/{i}\"", response.BodyText);
        }
        var seen = backend.Requests.ToArray();
        Assert.Equal(new[] { "GET /1", "POST /2", "GET /3" }, seen.Select(r => $"{r.Method} {r.Target}"));
        Assert.Equal("hello", Encoding.ASCII.GetString(seen[1].Body));
        Assert.False(await client.IsClosedAsync(200));
    }

    [Fact]
    public async Task ThousandPipelinedGets_ClientNotReading_ServerStopsThenAnswersAllInOrder()
    {
        const int count = 1000;
        const int responseSize = 64 * 1024;
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(responseSize) };
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect(receiveBufferSize: 4096); // keep the kernel's share small: what queues up is Edge's doing

        var pipeline = new StringBuilder();
        for (var i = 0; i < count; i++) pipeline.Append(SecurityGateway.Get($"/echo/{i}"));
        await client.SendAsync(pipeline.ToString());

        // The client reads nothing. Edge may fill its 64 KiB output queue and the socket buffers
        // (≤ 4 MiB send buffer on this kernel = 64 responses of 64 KiB), then must stop taking requests.
        var whileStalled = await SecurityGateway.WaitForStableAsync(() => backend.Requests.Count, quietMs: 1500);
        Assert.InRange(whileStalled, 1, 200); // 1,000 × 64 KiB = 64 MiB would have been buffered otherwise

        for (var i = 0; i < count; i++)
        {
            var response = await client.ReadResponseAsync(timeoutMs: 15000);
            Assert.NotNull(response);
            Assert.Equal(200, response!.Status);
            Assert.Equal(responseSize, response.Body.Length);
            Assert.StartsWith($"/{i}\n", Encoding.ASCII.GetString(response.Body, 0, 16), StringComparison.Ordinal);
        }
        Assert.Equal(count, backend.Requests.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"/{i}"), backend.Requests.Select(r => r.Target));
    }

    [Theory]
    [InlineData("GET /echo/2 HTTP/1.1\r\nHost : a\r\n\r\n")]                          // space before colon (case 5)
    [InlineData("GET /echo/2 HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n")]   // bad Content-Length (case 2)
    [InlineData("GET /echo/2 HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n")]             // obs-fold (case 6)
    [InlineData("GET /ec ho/2 HTTP/1.1\r\nHost: a\r\n\r\n")]                          // bad request line (case 14)
    public async Task BadRequestMidPipeline_EarlierAnswered_Then400_ThenClose(string bad)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync(SecurityGateway.Get("/echo/1") + bad + SecurityGateway.Get("/echo/3"));

        var first = await client.ReadResponseAsync();
        Assert.NotNull(first);
        Assert.Equal(200, first!.Status);
        Assert.Contains("\"target\":\"/1\"", first.BodyText);
        var second = await client.ReadResponseAsync();
        Assert.NotNull(second);
        Assert.Equal(400, second!.Status);
        Assert.True(await client.IsClosedAsync());
        Assert.Equal("", client.Pending); // nothing for /echo/3
        Assert.Equal(new[] { "/1" }, backend.Requests.Select(r => r.Target));
    }
}
