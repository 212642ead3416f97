using System.Text;
using Edge.Http;

namespace Edge.Tests.Http1;

/// <summary>Chunked coding (RFC 9112 §7.1; SECURITY.md cases 8–11, 44).</summary>
public sealed class ChunkedDecoderTests
{
    private const string Head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    public static TheoryData<string, string> Valid => new()
    {
        { "5\r\nhello\r\n0\r\n\r\n", "hello" },
        { "5\r\nhello\r\n6\r\n world\r\n000\r\n\r\n", "hello world" },
        { "A\r\n0123456789\r\n0\r\n\r\n", "0123456789" },
        { "a\r\n0123456789\r\n0\r\n\r\n", "0123456789" },
        { "5;a=b;c=\"d\"\r\nhello\r\n0\r\n\r\n", "hello" },
        { "5 ;a\r\nhello\r\n0;x\r\n\r\n", "hello" },
        { "5;a=\"q\\\"x\"\r\nhello\r\n0\r\n\r\n", "hello" },
        { "5\r\nhello\r\n0\r\nContent-Length: 99\r\nHost: evil\r\nAuthorization: x\r\n\r\n", "hello" },
        { "0000000000000005\r\nhello\r\n0\r\n\r\n", "hello" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Decode_Valid(string chunked, string body)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(Head + chunked), isRequest: true);
        Assert.True(driver.Rejected is null, driver.Describe());
        ParsedMessage m = Assert.Single(driver.Messages);
        Assert.Equal(body, m.BodyText);

        // Case 11: trailers are dropped, never merged into the head.
        Assert.DoesNotContain(m.Headers, h => h.Key is "Content-Length" or "Authorization" || h.Value == "evil");
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "0x5\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "+5\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { " 5\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "5 5\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "5 \r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "g\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "10000000000000000\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "5;\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkExtension) },
        { "5;\u0000\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkExtension) },
        { "5;a=\"unterminated\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkExtension) },
        { "5;a=\r\nhello\r\n0\r\n\r\n", nameof(RejectReason.InvalidChunkExtension) },
        { "5;\nhello\r\n0\r\n\r\n", nameof(RejectReason.BareLineFeed) },
        { "5\r\nhello\n0\r\n\r\n", nameof(RejectReason.BareLineFeed) },
        { "5\nhello\r\n0\r\n\r\n", nameof(RejectReason.BareLineFeed) },
        { "5\r\nhelloX0\r\n\r\n", nameof(RejectReason.InvalidChunkTerminator) },
        { "5\r\nhello\rX0\r\n\r\n", nameof(RejectReason.BareCarriageReturn) },
        { "3\r\nfoo\r\n\r\n", nameof(RejectReason.InvalidChunkSize) },
        { "0\r\nX : y\r\n\r\n", nameof(RejectReason.WhitespaceBeforeColon) },
        { "0\r\nX: a\r\n b\r\n\r\n", nameof(RejectReason.ObsFold) },
        { "A00001\r\n", nameof(RejectReason.BodyTooLarge) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_Invalid_Rejected(string chunked, string reason)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(Head + chunked), isRequest: true);
        Assert.Equal(reason, driver.Rejected?.ToString());
    }

    [Fact]
    public void Extensions_OverPerMessageBudget_Rejected()
    {
        // Case 10: one-byte chunks each carrying a long extension: refused past 4 KiB per message.
        var sb = new StringBuilder(Head);
        for (int i = 0; i < 10; i++)
        {
            sb.Append("1;").Append('e', 500).Append("\r\nx\r\n");
        }

        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(sb.Append("0\r\n\r\n").ToString()), isRequest: true);
        Assert.Equal(RejectReason.ChunkExtensionsTooLarge, driver.Rejected);
    }

    [Fact]
    public void Extensions_HugeSingleExtension_RejectedWithoutCrlf()
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(Head + "1;" + new string('e', 64 * 1024)), isRequest: true);
        Assert.Equal(RejectReason.ChunkExtensionsTooLarge, driver.Rejected);
    }

    [Fact]
    public void Trailers_CountAgainstHeadBudget()
    {
        var limits = HttpParserLimits.Default with { MaxHeadBytes = 1024 };
        string trailers = "0\r\nX: " + new string('t', 1024) + "\r\n\r\n";
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(Head + trailers), isRequest: true, limits: limits);
        Assert.Equal(RejectReason.HeadersTooLarge, driver.Rejected);
    }

    [Fact]
    public void Body_OverCap_Rejected()
    {
        var limits = HttpParserLimits.Default with { MaxRequestBodyBytes = 8 };
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(Head + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), isRequest: true, limits: limits);
        Assert.Equal(RejectReason.BodyTooLarge, driver.Rejected);
        Assert.Equal(413, RejectReasons.StatusCode(RejectReason.BodyTooLarge));
    }
}
