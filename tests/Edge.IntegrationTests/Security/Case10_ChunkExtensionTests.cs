using System.Text;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 10: well-formed chunk extensions are ignored (RFC 9112 §7.1.1 MUST); malformed
/// ones → 400; more than 4 KiB of extensions in one message → 400, however they are spread over
/// chunks (Go CVE-2023-39326: 1-byte chunks with huge extensions amplify reads).
/// </summary>
public sealed class Case10_ChunkExtensionTests
{
    private const string Chunked = "POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    [Theory]
    [InlineData("5;a=b;c=\"d\"\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5 ; a = b\r\nhello\r\n0;last\r\n\r\n")] // BWS around ";" and "="
    [InlineData("5;a\r\nhello\r\n0\r\n\r\n")] // name without value
    [InlineData("5;q=\"x\\\"y; z\"\r\nhello\r\n0\r\n\r\n")] // quoted-pair and ";" inside a quoted-string
    [InlineData("2;a=b\r\nhe\r\n3;c=\"d\"\r\nllo\r\n0\r\n\r\n")]
    public async Task ValidExtensions_AreIgnored_BodyForwardedIntact(string body)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        await h.ExpectForwardedAsync(client, Chunked + body);

        await Task.Delay(200);
        var seen = Assert.Single(h.Backend.Requests);
        Assert.Equal("hello", Encoding.ASCII.GetString(seen.Body));
        Assert.True(seen.BodyComplete);
        Assert.DoesNotContain("a=b", seen.RawHead, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5;\u0000\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\u0000\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;\r\nhello\r\n0\r\n\r\n")] // ";" without a name
    [InlineData("5;a=\r\nhello\r\n0\r\n\r\n")] // "=" without a value
    [InlineData("5;a=\"d\r\nhello\r\n0\r\n\r\n")] // unterminated quoted-string
    [InlineData("5;a b\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0;\u0001\r\n\r\n")] // on the last chunk
    public async Task MalformedExtension_400_Close(string body)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(Chunked + body + SmugglingHarness.Smuggled, 400, "Invalid chunk extension");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    /// <summary>1-byte chunks, each with <paramref name="extensionBytes"/> of extension: refused once the
    /// message has carried more than 4 KiB of extensions.</summary>
    [Theory]
    [InlineData(64 * 1024, 4)] // SECURITY.md's shape: 64 KiB per chunk
    [InlineData(5 * 1024, 2)] // one chunk just past the budget
    [InlineData(1024, 8)] // under the budget per chunk, past it in total
    [InlineData(100, 64)]
    public async Task ExtensionsPastFourKiBPerMessage_400_Close(int extensionBytes, int chunks)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        var chunk = "1;a=" + new string('x', extensionBytes - 4) + "\r\nZ\r\n";

        await client.SendAsync(Chunked);
        var raw = new StringBuilder();
        for (var i = 0; i < chunks; i++) raw.Append(chunk);
        await SmugglingHarness.SendTolerantAsync(client, raw.Append("0\r\n\r\n").ToString());
        await SmugglingHarness.ExpectRejectAsync(client, 400, "Chunk extensions too large");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Fact]
    public async Task ExtensionsJustUnderTheBudget_AreAccepted()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        // 4 chunks × 1,024 extension bytes (";a=" + 1,021) = 4,096: exactly the budget.
        var chunk = "1;a=" + new string('x', 1024 - 3) + "\r\nZ\r\n";

        await h.ExpectForwardedAsync(client, Chunked + chunk + chunk + chunk + chunk + "0\r\n\r\n");

        var seen = Assert.Single(h.Backend.Requests);
        Assert.Equal("ZZZZ", Encoding.ASCII.GetString(seen.Body));
    }
}
