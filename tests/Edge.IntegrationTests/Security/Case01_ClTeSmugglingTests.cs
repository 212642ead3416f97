namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 1 (CL.TE / TE.CL): Content-Length and Transfer-Encoding in one request → one 400,
/// close; the upstream gets nothing, and the smuggled second request is never parsed
/// (RFC 9112 §6.1: MAY reject, MUST close).
/// </summary>
public sealed class Case01_ClTeSmugglingTests
{
    [Theory]
    [InlineData("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")] // CL.TE
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n")] // TE.CL
    public async Task ContentLengthAndTransferEncoding_400_Close_UpstreamGetsNothing(string framing)
    {
        await using var h = await SmugglingHarness.StartAsync();
        var raw = "POST /echo/x HTTP/1.1\r\nHost: a\r\n" + framing + "\r\n0\r\n\r\n" + SmugglingHarness.Smuggled;

        await h.ExpectRejectAsync(raw, 400, "Both Content-Length and Transfer-Encoding");

        await h.AssertUpstreamGotNothingAsync();
    }

    [Theory]
    [InlineData("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n")]
    public async Task AfterAValidRequest_OnlyTheValidOneIsForwarded(string framing)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        await h.ExpectForwardedAsync(client, "GET /echo/first HTTP/1.1\r\nHost: a\r\n\r\n");

        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\n" + framing + "\r\n0\r\n\r\n" + SmugglingHarness.Smuggled);
        await SmugglingHarness.ExpectRejectAsync(client, 400, "Both Content-Length and Transfer-Encoding");

        await Task.Delay(200);
        var seen = Assert.Single(h.Backend.Requests);
        Assert.Equal("/first", seen.Target);
    }
}
