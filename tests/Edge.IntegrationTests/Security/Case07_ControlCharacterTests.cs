namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 7: a bare CR, NUL or other CTL in a field value, the request target or a field
/// name → 400, close (RFC 9112 §2.2, RFC 9110 §5.5). The upstream gets nothing.
/// </summary>
public sealed class Case07_ControlCharacterTests
{
    [Theory]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", "Bare CR")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", "Invalid header field value")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n", "Invalid header field value")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n", "Invalid header field value")]
    [InlineData("GET /echo/a\rb HTTP/1.1\r\nHost: a\r\n\r\n", "Bare CR")]
    [InlineData("GET /echo/a\u0000b HTTP/1.1\r\nHost: a\r\n\r\n", "Invalid request target")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX\u0001Y: b\r\n\r\n", "Invalid header field name")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\n\u0001X: b\r\n\r\n", "Invalid header field name")]
    public async Task ControlCharacters_400_Close_UpstreamGetsNothing(string raw, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(raw + SmugglingHarness.Smuggled, 400, reason);

        await h.AssertUpstreamGotNothingAsync();
    }
}
