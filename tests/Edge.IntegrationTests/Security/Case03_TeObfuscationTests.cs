namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 3 (TE.TE obfuscation): each obfuscated Transfer-Encoding, with and without
/// <c>Content-Length: 5</c>, is refused and never falls back to Content-Length. Final coding not
/// chunked → 400 (RFC 9112 §6.3 (4) MUST); chunked after an unknown coding → 501; chunked twice →
/// 400 (§7); <c>Transfer_Encoding</c> → 400, never read as TE; next to CL everything is 400 (§6.1).
/// The body is <c>0\r\n\r\n</c> (exactly 5 bytes) followed by a smuggled request, so a fallback to
/// CL — or to "no body" — would make Edge answer or forward a second request.
/// </summary>
public sealed class Case03_TeObfuscationTests
{
    private const string ClTe = "Both Content-Length and Transfer-Encoding";
    private const string NotFinal = "Final transfer coding is not chunked";

    [Theory]
    [InlineData("Transfer-Encoding: xchunked\r\n", 400, NotFinal)]
    [InlineData("Transfer-Encoding: chunked, chunked\r\n", 400, NotFinal)]
    [InlineData("Transfer-Encoding: chunked;x=1\r\n", 400, NotFinal)]
    [InlineData("Transfer-Encoding: gzip, chunked\r\n", 501, "Transfer coding not implemented")]
    [InlineData("Transfer-Encoding: gzip\r\n", 400, NotFinal)]
    [InlineData("Transfer-Encoding: \u000bchunked\r\n", 400, "Invalid header field value")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n", 400, NotFinal)]
    [InlineData("Transfer_Encoding: chunked\r\n", 400, "Invalid header field name")]
    public async Task ObfuscatedTe_WithoutContentLength_Refused(string te, int status, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();
        var raw = "POST /echo/x HTTP/1.1\r\nHost: a\r\n" + te + "\r\n0\r\n\r\n" + SmugglingHarness.Smuggled;

        await h.ExpectRejectAsync(raw, status, reason);

        await h.AssertUpstreamGotNothingAsync();
    }

    [Theory]
    [InlineData("Transfer-Encoding: xchunked\r\n", ClTe)]
    [InlineData("Transfer-Encoding: chunked, chunked\r\n", NotFinal)]
    [InlineData("Transfer-Encoding: chunked;x=1\r\n", ClTe)]
    [InlineData("Transfer-Encoding: gzip, chunked\r\n", ClTe)]
    [InlineData("Transfer-Encoding: gzip\r\n", ClTe)]
    [InlineData("Transfer-Encoding: \u000bchunked\r\n", "Invalid header field value")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n", NotFinal)]
    [InlineData("Transfer_Encoding: chunked\r\n", "Invalid header field name")]
    [InlineData("Transfer-Encoding:\tchunked\r\n", ClTe)] // valid TE, still refused next to CL
    [InlineData("Transfer-Encoding: Chunked\r\n", ClTe)]
    public async Task ObfuscatedTe_WithContentLength_400_NeverFallsBackToContentLength(string te, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();
        foreach (var raw in new[]
        {
            "POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n" + te + "\r\n0\r\n\r\n" + SmugglingHarness.Smuggled,
            "POST /echo/x HTTP/1.1\r\nHost: a\r\n" + te + "Content-Length: 5\r\n\r\n0\r\n\r\n" + SmugglingHarness.Smuggled,
        })
        {
            await h.ExpectRejectAsync(raw, 400, reason);
        }

        await h.AssertUpstreamGotNothingAsync();
    }

    /// <summary>Tab as OWS and <c>Chunked</c> in any case are valid chunked framing on their own.</summary>
    [Theory]
    [InlineData("Transfer-Encoding:\tchunked\r\n")]
    [InlineData("Transfer-Encoding: Chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked \t\r\n")]
    public async Task ValidTeVariants_AreChunked_AndForwardedOnce(string te)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        await h.ExpectForwardedAsync(client, "POST /echo/x HTTP/1.1\r\nHost: a\r\n" + te + "\r\n5\r\nhello\r\n0\r\n\r\n");

        await Task.Delay(200);
        var seen = Assert.Single(h.Backend.Requests);
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(seen.Body));
        Assert.True(seen.BodyComplete);
        Assert.False(await client.IsClosedAsync(300), "a valid chunked request must keep the connection open");
    }
}
