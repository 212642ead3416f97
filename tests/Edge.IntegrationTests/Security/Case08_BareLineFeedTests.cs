namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 8: a bare LF as a line terminator — in the head, in a chunk-size line (TERM.EXT)
/// or after chunk data — → 400, close (RFC 9112 §2.2 MAY accept; Edge refuses, like Kestrel's
/// <c>DisableHttp1LineFeedTerminators</c>). A head is refused before anything is forwarded; a body is
/// refused while it streams, so the upstream never sees a complete request.
/// </summary>
public sealed class Case08_BareLineFeedTests
{
    private const string Chunked = "POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    [Theory]
    [InlineData("GET /echo/x HTTP/1.1\nHost: a\n\n")]
    [InlineData("GET /echo/x HTTP/1.1\nHost: a\r\n\r\n")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\n\r\n")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\n\n")]
    public async Task BareLfInHead_400_Close_UpstreamGetsNothing(string raw)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(raw + SmugglingHarness.Smuggled, 400, "Bare LF");

        await h.AssertUpstreamGotNothingAsync();
    }

    /// <summary>A refusal on a keep-alive connection, after a request was served, still gets its 400.</summary>
    [Fact]
    public async Task BareLfInHead_AfterAServedRequest_400_Close()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        await h.ExpectForwardedAsync(client, "GET /echo/first HTTP/1.1\r\nHost: a\r\n\r\n");

        await client.SendAsync("GET /echo/x HTTP/1.1\nHost: a\n\n" + SmugglingHarness.Smuggled);
        await SmugglingHarness.ExpectRejectAsync(client, 400, "Bare LF");

        await Task.Delay(200);
        Assert.Equal("/first", Assert.Single(h.Backend.Requests).Target);
    }

    [Theory]
    [InlineData("5;\nhello\r\n0\r\n\r\n")] // TERM.EXT: bare LF ends a chunk-size line with an empty extension
    [InlineData("5\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\n0\r\n\r\n")] // bare LF after chunk data
    [InlineData("5\r\nhello\r\n0\n\r\n")] // bare LF on the last chunk
    [InlineData("5\r\nhello\r\n0\r\n\n")] // bare LF ending the trailer section
    public async Task BareLfInChunkedBody_400_Close_NoCompleteRequestUpstream(string body)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(Chunked + body + SmugglingHarness.Smuggled, 400, "Bare LF");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }
}
