using System.Diagnostics;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 38: a request body that stops arriving gets 408 and a close once body_timeout passes
/// without a byte (nginx <c>client_body_timeout</c> shape; 1 s here), and the upstream request is
/// aborted: the backend never sees a complete request.
/// </summary>
public sealed class Case38_SlowBody
{
    private const string Limits = "body_timeout = \"1s\"\nheader_timeout = \"5s\"\n";

    [Theory]
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n", "")]                                       // no body byte at all
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n", "0123456789")]                             // 10 of 1000 bytes
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", "a\r\n0123456789\r\n")]              // a chunk, then nothing
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", "3e8\r\n0123456789")]                // inside a chunk
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n", "")]             // asked for a 100, then silent
    public async Task StalledBody_408AndClose_UpstreamAborted(string head, string partialBody)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        var clock = Stopwatch.StartNew();
        await client.SendAsync(head + partialBody);
        var response = await client.ReadResponseAsync(timeoutMs: 10000);
        if (response?.Status == 100) response = await client.ReadResponseAsync(timeoutMs: 10000);
        var elapsed = clock.Elapsed;

        Assert.NotNull(response);
        Assert.Equal(408, response!.Status);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(elapsed < TimeSpan.FromSeconds(6), $"408 after {elapsed.TotalSeconds:F1} s (body timeout 1 s)");
        Assert.True(await client.IsClosedAsync());

        // The upstream request was aborted: whatever the backend got, it is never a complete request.
        await Task.Delay(200);
        Assert.DoesNotContain(backend.Requests, r => r.BodyComplete);
    }

    [Fact]
    public async Task BodyBytesKeepArriving_NotCutOff()
    {
        // Guard against a body timer that is really a total deadline: 2.5 s of body at one piece every
        // 250 ms takes longer in total than body_timeout (2 s here), but is never silent for it.
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, "body_timeout = \"2s\"\n");
        using var client = edge.Connect();

        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n");
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(250);
            await client.SendAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        var seen = Assert.Single(backend.Requests);
        Assert.True(seen.BodyComplete);
        Assert.Equal("0123456789", System.Text.Encoding.ASCII.GetString(seen.Body));
    }
}
