namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 4: Transfer-Encoding in an HTTP/1.0 request → 400, close (RFC 9112 §6.1: the
/// framing MUST be treated as faulty; nginx answers 400). The upstream gets nothing.
/// </summary>
public sealed class Case04_Http10TransferEncodingTests
{
    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "Both Content-Length and Transfer-Encoding")]
    [InlineData("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "Both Content-Length and Transfer-Encoding")]
    [InlineData("Transfer-Encoding: chunked\r\n", "Transfer-Encoding in an HTTP/1.0 message")]
    public async Task Http10WithTransferEncoding_400_Close_UpstreamGetsNothing(string framing, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();
        var raw = "POST /echo/x HTTP/1.0\r\nHost: a\r\n" + framing + "\r\n0\r\n\r\n" + SmugglingHarness.Smuggled;

        await h.ExpectRejectAsync(raw, 400, reason);

        await h.AssertUpstreamGotNothingAsync();
    }

    [Fact]
    public async Task Http10WithContentLengthOnly_IsForwarded()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        await h.ExpectForwardedAsync(client, "POST /echo/x HTTP/1.0\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");

        var seen = Assert.Single(h.Backend.Requests);
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(seen.Body));
    }
}
