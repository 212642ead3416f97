using System.Buffers;
using System.Text;
using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>Table-driven start-line and field-line rules (RFC 9112 §2–5; SECURITY.md cases 5–8, 14–16).</summary>
public sealed class Http1ParserTests
{
    private const string Host = "Host: a\r\n";

    public static TheoryData<string, string> BadRequestLines => new()
    {
        { "GET  / HTTP/1.1\r\n", nameof(RejectReason.InvalidRequestLine) },          // double SP
        { "GET /  HTTP/1.1\r\n", nameof(RejectReason.InvalidRequestLine) },          // double SP before version
        { "GET / HTTP/1.1 \r\n", nameof(RejectReason.InvalidRequestLine) },          // trailing SP
        { "GET\t/ HTTP/1.1\r\n", nameof(RejectReason.InvalidRequestLine) },          // tab
        { "GET /\tx HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },
        { "GET / HTTP/1.1\t\r\n", nameof(RejectReason.InvalidVersion) },
        { " GET / HTTP/1.1\r\n", nameof(RejectReason.InvalidRequestLine) },
        { "GE(T / HTTP/1.1\r\n", nameof(RejectReason.InvalidMethod) },
        { "GET /x#f HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },
        { "GET /a b HTTP/1.1\r\n", nameof(RejectReason.InvalidRequestLine) },             // SP in target: 3 parts
        { "GET /a\u0001b HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },
        { "GET /a\u007fb HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },
        { "GET /\u00e9 HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },           // >= 0x80 (UTF-8)
        { "GET /a\rb HTTP/1.1\r\n", nameof(RejectReason.BareCarriageReturn) },
        { "GET / HTTP/1.10\r\n", nameof(RejectReason.InvalidVersion) },
        { "GET / http/1.1\r\n", nameof(RejectReason.InvalidRequestLine) },
        { "GET / HTTP/1\r\n", nameof(RejectReason.InvalidVersion) },
        { "GET /\r\n", nameof(RejectReason.InvalidRequestLine) },                     // no version
        { "GET\r\n", nameof(RejectReason.InvalidRequestLine) },
        { "GET / HTTP/2.0\r\n", nameof(RejectReason.UnsupportedVersion) },
        { "GET / HTTP/0.9\r\n", nameof(RejectReason.UnsupportedVersion) },
        { "GET / HTTP/1.1\n", nameof(RejectReason.BareLineFeed) },
        { "GET * HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },                 // asterisk-form only for OPTIONS
        { "CONNECT / HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },             // CONNECT needs authority-form
        { "CONNECT a HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },             // ... with a port
        { "GET a:443 HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },             // authority-form only for CONNECT
        { "GET http://u@a/ HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },       // userinfo
        { "GET http:/a HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },
        { "GET http:// HTTP/1.1\r\n", nameof(RejectReason.InvalidTarget) },
    };

    [Theory]
    [MemberData(nameof(BadRequestLines))]
    public void RequestLine_Malformed_Rejected(string line, string reason)
    {
        Assert.Equal(reason, Reject(line + Host + "\r\n").ToString());
    }

    public static TheoryData<string, string, string, string, string> GoodRequestLines => new()
    {
        { "GET / HTTP/1.1", "GET", nameof(KnownMethod.Get), "/", nameof(HttpVersion.Http11) },
        { "HEAD /x?y=1 HTTP/1.0", "HEAD", nameof(KnownMethod.Head), "/x?y=1", nameof(HttpVersion.Http10) },
        { "POST /p HTTP/1.1", "POST", nameof(KnownMethod.Post), "/p", nameof(HttpVersion.Http11) },
        { "PUT /p HTTP/1.1", "PUT", nameof(KnownMethod.Put), "/p", nameof(HttpVersion.Http11) },
        { "DELETE /p HTTP/1.1", "DELETE", nameof(KnownMethod.Delete), "/p", nameof(HttpVersion.Http11) },
        { "PATCH /p HTTP/1.1", "PATCH", nameof(KnownMethod.Patch), "/p", nameof(HttpVersion.Http11) },
        { "TRACE /p HTTP/1.1", "TRACE", nameof(KnownMethod.Trace), "/p", nameof(HttpVersion.Http11) },
        { "OPTIONS * HTTP/1.1", "OPTIONS", nameof(KnownMethod.Options), "*", nameof(HttpVersion.Http11) },
        { "CONNECT a.test:443 HTTP/1.1", "CONNECT", nameof(KnownMethod.Connect), "a.test:443", nameof(HttpVersion.Http11) },
        { "CONNECT [::1]:443 HTTP/1.1", "CONNECT", nameof(KnownMethod.Connect), "[::1]:443", nameof(HttpVersion.Http11) },
        { "GET http://other.test/echo/x HTTP/1.1", "GET", nameof(KnownMethod.Get), "http://other.test/echo/x", nameof(HttpVersion.Http11) },
        { "GET https://a:8443?q HTTP/1.1", "GET", nameof(KnownMethod.Get), "https://a:8443?q", nameof(HttpVersion.Http11) },
        { "PROPFIND /dav HTTP/1.1", "PROPFIND", nameof(KnownMethod.Custom), "/dav", nameof(HttpVersion.Http11) },
        { "get / HTTP/1.1", "get", nameof(KnownMethod.Custom), "/", nameof(HttpVersion.Http11) },       // methods are case-sensitive
        { "GETS / HTTP/1.1", "GETS", nameof(KnownMethod.Custom), "/", nameof(HttpVersion.Http11) },
    };

    [Theory]
    [MemberData(nameof(GoodRequestLines))]
    public void RequestLine_Valid_Parsed(string line, string method, string known, string target, string version)
    {
        ParsedMessage m = ParseHead(line + "\r\n" + Host + "\r\n");
        Assert.Equal(method, m.Method);
        Assert.Equal(known, m.KnownMethod.ToString());
        Assert.Equal(target, m.Target);
        Assert.Equal(version, m.Version.ToString());
    }

    public static TheoryData<string, string> BadFieldLines => new()
    {
        { "Host : a\r\n", nameof(RejectReason.WhitespaceBeforeColon) },                 // SECURITY case 5
        { "Transfer-Encoding : chunked\r\n", nameof(RejectReason.WhitespaceBeforeColon) },
        { "X\t: b\r\n", nameof(RejectReason.WhitespaceBeforeColon) },
        { ": v\r\n", nameof(RejectReason.InvalidHeaderName) },
        { "X: a\r\n b\r\n", nameof(RejectReason.ObsFold) },                              // SECURITY case 6
        { "X: a\r\n\tb\r\n", nameof(RejectReason.ObsFold) },
        { " X: a\r\n", nameof(RejectReason.ObsFold) },
        { "X: a\rb\r\n", nameof(RejectReason.BareCarriageReturn) },                      // SECURITY case 7
        { "X: a\u0000b\r\n", nameof(RejectReason.InvalidHeaderValue) },
        { "X: a\u007fb\r\n", nameof(RejectReason.InvalidHeaderValue) },
        { "X: a\u000cb\r\n", nameof(RejectReason.InvalidHeaderValue) },
        { "X\u0001: b\r\n", nameof(RejectReason.InvalidHeaderName) },
        { "X: a\nY: b\r\n", nameof(RejectReason.BareLineFeed) },                         // SECURITY case 8
        { "X: a\r\n\n", nameof(RejectReason.BareLineFeed) },
        { "NoColon\r\n", nameof(RejectReason.InvalidHeaderName) },
        { "Fo@: x\r\n", nameof(RejectReason.InvalidHeaderName) },
        { "a b: x\r\n", nameof(RejectReason.InvalidHeaderName) },
        { "Transfer_Encoding: chunked\r\n", nameof(RejectReason.InvalidHeaderName) },    // SECURITY case 3
        { "Content_Length: 5\r\n", nameof(RejectReason.InvalidHeaderName) },
    };

    [Theory]
    [MemberData(nameof(BadFieldLines))]
    public void FieldLine_Malformed_Rejected(string fields, string reason)
    {
        Assert.Equal(reason, Reject("GET / HTTP/1.1\r\n" + Host + fields + "\r\n").ToString());
    }

    [Theory]
    [InlineData("X: v", "v")]
    [InlineData("X:v", "v")]
    [InlineData("X: \t v \t", "v")]
    [InlineData("X:", "")]
    [InlineData("X:   ", "")]
    [InlineData("X: a  b", "a  b")]
    [InlineData("X: a\tb", "a\tb")]
    public void FieldLine_Valid_ValueTrimmed(string field, string value)
    {
        ParsedMessage m = ParseHead("GET / HTTP/1.1\r\n" + Host + field + "\r\n\r\n");
        Assert.Equal("X", m.Headers[1].Key);
        Assert.Equal(value, m.Headers[1].Value);
    }

    [Fact]
    public void FieldLine_ObsText_Accepted()
    {
        byte[] input = Encoding.Latin1.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nX: \u00ffv\u0080\r\n\r\n");
        Assert.Null(Http1TestDriver.Run(input, isRequest: true).Rejected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void LeadingEmptyLines_UpToLimit_Ignored(int count)
    {
        ParsedMessage m = ParseHead(string.Concat(Enumerable.Repeat("\r\n", count)) + "GET / HTTP/1.1\r\n" + Host + "\r\n");
        Assert.Equal("/", m.Target);
    }

    [Fact]
    public void LeadingEmptyLines_OverLimit_Rejected()
    {
        Assert.Equal(RejectReason.TooManyLeadingEmptyLines, Reject(string.Concat(Enumerable.Repeat("\r\n", 9)) + "GET / HTTP/1.1\r\n\r\n"));
    }

    [Fact]
    public void LeadingBareLf_Rejected() => Assert.Equal(RejectReason.BareLineFeed, Reject("\nGET / HTTP/1.1\r\n\r\n"));

    [Fact]
    public void RequestLine_OverLimit_Is414()
    {
        string line = "GET /" + new string('a', 8 * 1024) + " HTTP/1.1\r\n";
        RejectReason reason = Reject(line + Host + "\r\n");
        Assert.Equal(RejectReason.RequestLineTooLong, reason);
        Assert.Equal(414, RejectReasons.StatusCode(reason));
    }

    [Fact]
    public void RequestLine_AtLimit_Accepted()
    {
        string prefix = "GET /";
        string suffix = " HTTP/1.1\r\n";
        string line = prefix + new string('a', (8 * 1024) - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(8 * 1024, line.Length);
        Assert.NotNull(ParseHead(line + Host + "\r\n").Target);
    }

    [Fact]
    public void RequestLine_OverLimit_DetectedWithoutCrlf()
    {
        // The line never ends: rejected as soon as the budget is used up, not at a timeout.
        string line = "GET /" + new string('a', 9000);
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(line), isRequest: true);
        Assert.Equal(RejectReason.RequestLineTooLong, driver.Rejected);
    }

    [Fact]
    public void Head_33KiBOfFields_Is431()
    {
        var sb = new StringBuilder("GET / HTTP/1.1\r\n" + Host);
        for (int i = 0; i < 33; i++)
        {
            sb.Append("X-").Append(i).Append(": ").Append('v', 1000).Append("\r\n");
        }

        RejectReason reason = Reject(sb.Append("\r\n").ToString());
        Assert.Equal(RejectReason.HeadersTooLarge, reason);
        Assert.Equal(431, RejectReasons.StatusCode(reason));
    }

    [Fact]
    public void Head_One16KiBCookie_Accepted()
    {
        ParsedMessage m = ParseHead("GET / HTTP/1.1\r\n" + Host + "Cookie: " + new string('c', 16 * 1024) + "\r\n\r\n");
        Assert.Equal(16 * 1024, m.Headers[1].Value.Length);
    }

    [Theory]
    [InlineData(99, null)]
    [InlineData(100, nameof(RejectReason.TooManyHeaders))]
    public void Head_HeaderCount_Limited(int extra, string? expected)
    {
        var sb = new StringBuilder("GET / HTTP/1.1\r\n" + Host);
        for (int i = 0; i < extra; i++)
        {
            sb.Append("X-").Append(i).Append(": v\r\n");
        }

        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(sb.Append("\r\n").ToString()), isRequest: true);
        Assert.Equal(expected, driver.Rejected?.ToString());
    }

    [Fact]
    public void Parser_IncompleteLine_ConsumesOnlyCompleteLines()
    {
        var parser = new Http1Parser(HttpParserLimits.Default);
        var message = new ParsedMessage();
        var handler = new CollectingHandler(message, new FramingBox());
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("GET / HTTP/1.1\r\nHost: a\r\nX-Par"u8.ToArray()));
        Assert.False(parser.TryParseRequestHead(ref handler, ref reader));
        Assert.Equal("GET / HTTP/1.1\r\nHost: a\r\n".Length, reader.Consumed);
        Assert.Equal("/", message.Target);
        Assert.Single(message.Headers);
    }

    public static TheoryData<string, int, string> GoodStatusLines => new()
    {
        { "HTTP/1.1 200 OK", 200, "OK" },
        { "HTTP/1.0 404 Not Found", 404, "Not Found" },
        { "HTTP/1.1 301", 301, "" },
        { "HTTP/1.1 200 ", 200, "" },
        { "HTTP/1.1 200  OK", 200, " OK" },
        { "HTTP/1.1 500 Ori\u00ebntatie", 500, "Ori\u00ebntatie" },
        { "HTTP/1.1 101 Switching Protocols", 101, "Switching Protocols" },
    };

    [Theory]
    [MemberData(nameof(GoodStatusLines))]
    public void StatusLine_Valid_Parsed(string line, int status, string reason)
    {
        var driver = Http1TestDriver.Run(Encoding.UTF8.GetBytes(line + "\r\nContent-Length: 0\r\n\r\n"), isRequest: false);
        Assert.Null(driver.Rejected);
        ParsedMessage m = driver.Messages.Count > 0 ? driver.Messages[0] : driver.Current;
        Assert.Equal(status, m.Status);
        Assert.Equal(reason, m.Reason);
    }

    [Theory]
    [InlineData("HTTP/1.1  200 OK", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/1.1 2 OK", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/1.1 2000 OK", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/1.1 600 X", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/1.1\t200 OK", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/1.1 200 O\u0001K", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/11.1 200 OK", nameof(RejectReason.InvalidVersion))]
    [InlineData("HTTP/2.0 200 OK", nameof(RejectReason.UnsupportedVersion))]
    [InlineData("HTP/1.1 200 OK", nameof(RejectReason.InvalidVersion))]
    [InlineData("ICE/1.1 200 OK", nameof(RejectReason.InvalidStatusLine))]
    [InlineData("HTTP/1.1", nameof(RejectReason.InvalidStatusLine))]
    public void StatusLine_Malformed_Rejected(string line, string reason)
    {
        var driver = Http1TestDriver.Run(Encoding.UTF8.GetBytes(line + "\r\n\r\n"), isRequest: false);
        Assert.Equal(reason, driver.Rejected?.ToString());
    }

    internal static ParsedMessage ParseHead(string head)
    {
        var driver = Http1TestDriver.Run(Encoding.ASCII.GetBytes(head), isRequest: true);
        Assert.True(driver.Rejected is null, driver.Describe());
        return driver.Messages.Count > 0 ? driver.Messages[0] : driver.Current;
    }

    internal static RejectReason Reject(string input)
    {
        var driver = Http1TestDriver.Run(Encoding.UTF8.GetBytes(input), isRequest: true);
        Assert.True(driver.Rejected is not null, "accepted: " + driver.Describe());
        return driver.Rejected!.Value;
    }
}
