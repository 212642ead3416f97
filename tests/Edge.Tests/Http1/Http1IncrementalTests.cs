using System.Buffers;
using System.Text;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>The outcome must not depend on where the input is cut (RFC 9112 says nothing about
/// segments; pipes do): every prefix is "incomplete", and every two-segment split parses the same.</summary>
public sealed class Http1IncrementalTests
{
    public static TheoryData<string, bool> Messages => new()
    {
        { "GET /a?b=c HTTP/1.1\r\nHost: example.test:8080\r\nUser-Agent: t\r\nAccept: */*\r\n\r\n", true },
        { "\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", true },
        { "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=\"y\"\r\nhello\r\n6\r\n world\r\n0\r\nT: v\r\n\r\n", true },
        { "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nX:  sp  \r\n\r\n", true },
        { "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 204 No Content\r\n\r\n", false },
        { "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", false },
    };

    public static TheoryData<string, bool> Malformed => new()
    {
        { "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", true },
        { "GET / HTTP/1.1\r\nHost : a\r\n\r\n", true },
        { "GET / HTTP/5.6", true },
        { "GET / HTTP/1.1\r\n Host: foo", true },
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", true },
        { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", false },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void EverySplit_SameResult(string text, bool isRequest)
    {
        byte[] input = Encoding.ASCII.GetBytes(text);
        string whole = Http1TestDriver.Run(input, isRequest).Describe();
        for (int split = 1; split < input.Length; split++)
        {
            Assert.Equal(whole, Http1TestDriver.Run(input, isRequest, [split]).Describe());
        }

        for (int split = 1; split + 1 < input.Length; split += 3)
        {
            Assert.Equal(whole, Http1TestDriver.Run(input, isRequest, [split, split + 1]).Describe());
        }

        Assert.Equal(whole, Http1TestDriver.RunByteByByte(input, isRequest).Describe());
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void EverySplit_StillRejected(string text, bool isRequest)
    {
        byte[] input = Encoding.ASCII.GetBytes(text);
        Assert.NotNull(Http1TestDriver.Run(input, isRequest).Rejected);
        for (int split = 1; split < input.Length; split++)
        {
            Assert.NotNull(Http1TestDriver.Run(input, isRequest, [split]).Rejected);
        }

        Assert.NotNull(Http1TestDriver.RunByteByByte(input, isRequest).Rejected);
    }

    [Theory]
    [InlineData("GET /a?b=c HTTP/1.1\r\nHost: example.test\r\nX-Long: " + "0123456789abcdef0123456789abcdef" + "\r\n\r\n")]
    [InlineData("\r\nOPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")]
    public void EveryPrefix_IsIncomplete_AndConsumesOnlyWholeLines(string text)
    {
        byte[] input = Encoding.ASCII.GetBytes(text);
        for (int length = 0; length < input.Length; length++)
        {
            var parser = new Http1Parser(Edge.Http.HttpParserLimits.Default);
            var handler = new CollectingHandler(new ParsedMessage(), new FramingBox());
            var reader = new SequenceReader<byte>(SegmentedSequence.Create(input.AsSpan(0, length), length / 2 > 0 ? [length / 2] : []));
            Assert.False(parser.TryParseRequestHead(ref handler, ref reader));

            // Whatever was consumed ends right after a CRLF.
            long consumed = reader.Consumed;
            Assert.True(consumed == 0 || (input[consumed - 2] == '\r' && input[consumed - 1] == '\n'), $"prefix {length} consumed {consumed}");
        }
    }
}
