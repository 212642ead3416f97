using System.Text;
using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>Body framing and connection rules (RFC 9112 §6, §9; SECURITY.md cases 1–4, 11, 12, 44).</summary>
public sealed class Http1MessageFramingTests
{
    public static TheoryData<string, string> RejectedRequests => new()
    {
        // Case 1: CL.TE / TE.CL.
        { "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        { "POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        // Case 2: bad Content-Length.
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n", nameof(RejectReason.DuplicateContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", nameof(RejectReason.DuplicateContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 5\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", nameof(RejectReason.InvalidContentLength) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n", nameof(RejectReason.BodyTooLarge) },
        // Case 3: TE obfuscation, without CL...
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;x=1\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", nameof(RejectReason.UnsupportedTransferCoding) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \u000bchunked\r\n\r\n", nameof(RejectReason.InvalidHeaderValue) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer_Encoding: chunked\r\n\r\n", nameof(RejectReason.InvalidHeaderName) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", nameof(RejectReason.TransferEncodingNotFinalChunked) },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", nameof(RejectReason.InvalidTransferEncoding) },
        // ...and with Content-Length: 5 (never fall back to CL).
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: xchunked\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding:\tchunked\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: Chunked\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer_Encoding: chunked\r\n\r\n", nameof(RejectReason.InvalidHeaderName) },
        // Case 4: HTTP/1.0 + TE.
        { "POST /e HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", nameof(RejectReason.TransferEncodingWithHttp10) },
        { "POST /e HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding) },
        // Case 12: Host.
        { "GET / HTTP/1.1\r\n\r\n", nameof(RejectReason.MissingHost) },
        { "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", nameof(RejectReason.DuplicateHost) },
        { "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: [1:2:3]\r\n\r\n", nameof(RejectReason.InvalidHost) },
        { "GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n", nameof(RejectReason.InvalidHost) },
    };

    [Theory]
    [MemberData(nameof(RejectedRequests))]
    public void Request_BadFraming_Rejected(string input, string reason)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(input), isRequest: true);
        Assert.Equal(reason, driver.Rejected?.ToString());
    }

    [Theory]
    [InlineData(nameof(RejectReason.UnsupportedTransferCoding), 501)]
    [InlineData(nameof(RejectReason.TransferEncodingNotFinalChunked), 400)]
    [InlineData(nameof(RejectReason.BodyTooLarge), 413)]
    [InlineData(nameof(RejectReason.UnsupportedVersion), 505)]
    [InlineData(nameof(RejectReason.TooManyHeaders), 431)]
    [InlineData(nameof(RejectReason.ContentLengthAndTransferEncoding), 400)]
    public void RejectReason_MapsToStatus(string reason, int status)
        => Assert.Equal(status, RejectReasons.StatusCode(Enum.Parse<RejectReason>(reason)));

    public static TheoryData<string, string, long, bool> AcceptedRequests => new()
    {
        { "GET / HTTP/1.1\r\nHost: a\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
        { "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", nameof(Http1BodyKind.None), -1, false },
        { "GET / HTTP/1.0\r\n\r\n", nameof(Http1BodyKind.None), -1, false },
        { "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
        { "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", nameof(Http1BodyKind.None), -1, false },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc", nameof(Http1BodyKind.ContentLength), 3, true },
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", nameof(Http1BodyKind.ContentLength), 0, true },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tChunked \r\n\r\n0\r\n\r\n", nameof(Http1BodyKind.Chunked), -1, true },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked,\r\n\r\n0\r\n\r\n", nameof(Http1BodyKind.Chunked), -1, true },
        { "GET / HTTP/1.1\r\nHost:\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
        { "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
        { "GET / HTTP/1.1\r\nHost: [2001:db8::1]:443\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
        { "GET / HTTP/1.1\r\nHost: [::ffff:1.2.3.4]\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
        { "GET / HTTP/1.1\r\nHost: a_b.example%41:0\r\n\r\n", nameof(Http1BodyKind.None), -1, true },
    };

    [Theory]
    [MemberData(nameof(AcceptedRequests))]
    public void Request_Framing_Decided(string input, string body, long length, bool keepAlive)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(input), isRequest: true);
        Assert.True(driver.Rejected is null, driver.Describe());
        Http1Framing framing = driver.Messages.Single().Framing;
        Assert.Equal(body, framing.Body.ToString());
        Assert.Equal(length, framing.ContentLength);
        Assert.Equal(keepAlive, framing.KeepAlive);
    }

    [Fact]
    public void Request_UpgradeAndConnect_Detected()
    {
        var upgrade = Http1TestDriver.Run("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\nxx"u8.ToArray(), isRequest: true);
        Assert.True(upgrade.Messages.Single().Framing.UpgradeRequested);
        Assert.True(upgrade.Tunnel);

        var noToken = Http1TestDriver.Run("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n"u8.ToArray(), isRequest: true);
        Assert.False(noToken.Messages.Single().Framing.UpgradeRequested);

        var connect = Http1TestDriver.Run("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\nTLS..."u8.ToArray(), isRequest: true);
        Assert.True(connect.Messages.Single().Framing.Tunnel);
    }

    public static TheoryData<string, string, string, int> Responses => new()
    {
        // input, request method, body kind, messages completed
        { "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", "GET", nameof(Http1BodyKind.ContentLength), 1 },
        { "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", "HEAD", nameof(Http1BodyKind.None), 1 },
        { "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n", "GET", nameof(Http1BodyKind.None), 1 },
        { "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", "GET", nameof(Http1BodyKind.None), 1 },
        { "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "GET", nameof(Http1BodyKind.ContentLength), 2 },
        { "HTTP/1.1 200 OK\r\n\r\nbody", "GET", nameof(Http1BodyKind.UntilClose), 0 },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nbody", "GET", nameof(Http1BodyKind.UntilClose), 0 },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "GET", nameof(Http1BodyKind.Chunked), 1 },
        { "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\nframes", "GET", nameof(Http1BodyKind.None), 1 },
        { "HTTP/1.1 200 Connection Established\r\n\r\ntunnel", "CONNECT", nameof(Http1BodyKind.None), 1 },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void Response_Framing_Decided(string input, string method, string body, int completed)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(input), isRequest: false, requestMethod: Enum.Parse<KnownMethod>(method, ignoreCase: true));
        Assert.True(driver.Rejected is null, driver.Describe());
        Assert.Equal(completed, driver.Messages.Count);
        ParsedMessage last = driver.Messages.Count > 0 ? driver.Messages[^1] : driver.Current;
        Assert.Equal(body, last.Framing.Body.ToString());
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", nameof(RejectReason.ContentLengthAndTransferEncoding))]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", nameof(RejectReason.DuplicateContentLength))]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", nameof(RejectReason.UnsupportedTransferCoding))]
    [InlineData("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", nameof(RejectReason.TransferEncodingWithHttp10))]
    public void Response_BadFraming_Rejected(string input, string reason)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(input), isRequest: false);
        Assert.Equal(reason, driver.Rejected?.ToString());
    }

    [Fact]
    public void Pipelining_ThreeRequests_InOrder()
    {
        // SECURITY.md case 17: GET, POST (CL 5), GET in one write.
        var driver = Http1TestDriver.Run(
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray(),
            isRequest: true);
        Assert.Equal(["/1", "/2", "/3"], driver.Messages.Select(m => m.Target));
        Assert.Equal("hello", driver.Messages[1].BodyText);
    }

    [Fact]
    public void Smuggling_ClTe_NothingAfterRejection()
    {
        var driver = Http1TestDriver.Run(
            "POST /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray(),
            isRequest: true);
        Assert.Equal(RejectReason.ContentLengthAndTransferEncoding, driver.Rejected);
        Assert.Empty(driver.Messages);
    }
}
