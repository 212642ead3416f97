namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 12: an HTTP/1.1 request without Host, with two Host lines, or with a Host that is
/// not <c>uri-host [":" port]</c> → 400, close (RFC 9112 §3.2 MUST; nginx, Kestrel). The upstream
/// gets nothing.
/// </summary>
public sealed class Case12_HostTests
{
    private const string Invalid = "Invalid Host header";

    [Theory]
    [InlineData("", "Missing Host header")]
    [InlineData("Host: a\r\nHost: b\r\n", "Duplicate Host header")]
    [InlineData("Host: a\r\nHost: a\r\n", "Duplicate Host header")]
    [InlineData("Host: a\r\nhost: \r\n", "Duplicate Host header")]
    [InlineData("Host: a, b\r\n", Invalid)]
    [InlineData("Host: a b\r\n", Invalid)]
    [InlineData("Host: a@b\r\n", Invalid)]
    [InlineData("Host: a/b\r\n", Invalid)]
    [InlineData("Host: a:99999\r\n", Invalid)]
    [InlineData("Host: a:65536\r\n", Invalid)]
    [InlineData("Host: a:x\r\n", Invalid)]
    [InlineData("Host: :80\r\n", Invalid)]
    [InlineData("Host: [::1\r\n", Invalid)]
    public async Task BadHost_400_Close_UpstreamGetsNothing(string host, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync("GET /echo/x HTTP/1.1\r\n" + host + "X: y\r\n\r\n" + SmugglingHarness.Smuggled, 400, reason);

        await h.AssertUpstreamGotNothingAsync();
    }

    [Theory]
    [InlineData("Host: a\r\n")]
    [InlineData("Host: a:65535\r\n")]
    [InlineData("Host: [::1]:8080\r\n")]
    [InlineData("Host: 127.0.0.1\r\n")]
    public async Task ValidHost_IsForwarded(string host)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        await h.ExpectForwardedAsync(client, "GET /echo/x HTTP/1.1\r\n" + host + "\r\n");

        Assert.Single(h.Backend.Requests);
    }
}
