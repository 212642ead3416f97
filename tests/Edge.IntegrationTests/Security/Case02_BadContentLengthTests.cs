namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 2 (bad Content-Length): a second or malformed Content-Length → 400, close
/// (RFC 9112 §6.3 (5) MUST; RFC 9110 §8.6 <c>1*DIGIT</c>); a valid one over the 10 MiB body cap →
/// 413 before any of the body is read. The upstream gets nothing.
/// </summary>
public sealed class Case02_BadContentLengthTests
{
    [Theory]
    [InlineData("Content-Length: 4\r\nContent-Length: 5\r\n", "Duplicate Content-Length")] // two different CLs
    [InlineData("Content-Length: 5\r\nContent-Length: 5\r\n", "Duplicate Content-Length")] // identical duplicate
    [InlineData("Content-Length: 4, 5\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: 5, 5\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: +5\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: -1\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: 0x5\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: 5 5\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: 1e3\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: 99999999999999999999\r\n", "Invalid Content-Length")]
    [InlineData("Content-Length: 9223372036854775808\r\n", "Invalid Content-Length")] // 2^63: one past long.MaxValue
    [InlineData("Content-Length: \r\n", "Invalid Content-Length")]
    public async Task BadContentLength_400_Close_UpstreamGetsNothing(string framing, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();
        var raw = "POST /echo/x HTTP/1.1\r\nHost: a\r\n" + framing + "\r\nhello" + SmugglingHarness.Smuggled;

        await h.ExpectRejectAsync(raw, 400, reason);

        await h.AssertUpstreamGotNothingAsync();
    }

    [Theory]
    [InlineData("10485761")] // 10 MiB + 1
    [InlineData("9223372036854775807")] // long.MaxValue: valid 1*DIGIT, far over the cap
    public async Task ContentLengthOverBodyCap_413_BeforeReadingTheBody(string length)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        // Only the head is sent: the 413 must come without waiting for a single body byte.
        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n");
        await SmugglingHarness.ExpectRejectAsync(client, 413, "Content too large");

        await h.AssertUpstreamGotNothingAsync();
    }

    [Fact]
    public async Task ContentLengthAtBodyCap_IsForwarded()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        const int cap = 10 * 1024 * 1024;

        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: " + cap + "\r\n\r\n");
        await client.SendAsync(new byte[cap]);
        var response = await client.ReadResponseAsync(timeoutMs: 60000);

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var seen = Assert.Single(h.Backend.Requests);
        Assert.Equal(cap, seen.Body.Length);
    }
}
