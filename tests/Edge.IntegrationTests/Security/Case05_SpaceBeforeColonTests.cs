namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 5: whitespace between a field name and its colon, or an empty field name → 400,
/// close (RFC 9112 §5.1 MUST). The upstream gets nothing.
/// </summary>
public sealed class Case05_SpaceBeforeColonTests
{
    private const string Ws = "Whitespace between field name and colon";

    [Theory]
    [InlineData("POST /echo/x HTTP/1.1\r\nHost : a\r\nContent-Length: 0\r\n\r\n", Ws)]
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", Ws)]
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nX\t: b\r\n\r\n", Ws)]
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", "Invalid header field name")]
    public async Task WhitespaceBeforeColonOrEmptyName_400_Close_UpstreamGetsNothing(string raw, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(raw + SmugglingHarness.Smuggled, 400, reason);

        await h.AssertUpstreamGotNothingAsync();
    }
}
