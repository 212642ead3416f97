namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 6: obs-fold (a field line continued on the next line after SP or HTAB), and a
/// first field line that starts with whitespace → 400, close (RFC 9112 §5.2 reject-or-replace; Edge
/// rejects; §2.2). The upstream gets nothing.
/// </summary>
public sealed class Case06_ObsFoldTests
{
    [Theory]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n")]
    [InlineData("GET /echo/x HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n")]
    [InlineData("POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip,\r\n chunked\r\n\r\n0\r\n\r\n")] // folded framing field
    [InlineData("GET /echo/x HTTP/1.1\r\n X: b\r\nHost: a\r\n\r\n")] // first field line starts with SP
    [InlineData("GET /echo/x HTTP/1.1\r\n\tX: b\r\nHost: a\r\n\r\n")]
    [InlineData("GET /echo/x HTTP/1.1\r\n Host: evil\r\nHost: a\r\n\r\n")]
    public async Task ObsFold_400_Close_UpstreamGetsNothing(string raw)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(raw + SmugglingHarness.Smuggled, 400, "Obsolete line folding");

        await h.AssertUpstreamGotNothingAsync();
    }
}
