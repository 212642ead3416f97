using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 22: malformed pseudo-headers → RST_STREAM(PROTOCOL_ERROR), never forwarded (RFC 9113 §8.3.1).</summary>
public sealed class Case22_H2PseudoHeaders
{
    public static TheoryData<string, string[]> Malformed => new()
    {
        { ":path empty", [":method", "GET", ":scheme", "http", ":authority", "a", ":path", ""] },
        { ":path not origin-form", [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "hello-world"] },
        { ":path with a space", [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/echo/a b"] },
        { ":method not a token", [":method", "GET?", ":scheme", "http", ":authority", "a", ":path", "/echo/x"] },
        { ":scheme not a scheme", [":method", "GET", ":scheme", "http://localhost/?", ":authority", "a", ":path", "/echo/x"] },
        { ":path missing", [":method", "GET", ":scheme", "http", ":authority", "a"] },
        { ":method missing", [":scheme", "http", ":authority", "a", ":path", "/echo/x"] },
        { ":method twice", [":method", "GET", ":method", "POST", ":scheme", "http", ":authority", "a", ":path", "/echo/x"] },
        { "pseudo after a field", [":method", "GET", ":scheme", "http", "x", "1", ":authority", "a", ":path", "/echo/x"] },
        { ":status in a request", [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/echo/x", ":status", "200"] },
        { ":foo", [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/echo/x", ":foo", "bar"] },
        { "CONNECT with :path", [":method", "CONNECT", ":scheme", "http", ":authority", "a:443", ":path", "/"] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_ResetProtocolError_NotForwarded(string what, string[] fields)
    {
        Assert.NotEmpty(what);
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Block(Pairs(fields));

        await client.SendAsync(w => H2RawClient.Headers(w, 1, block, endStream: true));

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream && f.StreamId == 1);
        Assert.NotNull(rst);
        Assert.Equal(Http2FrameType.RstStream, rst.Type);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst.ErrorCode);
        // The connection lives on: a good request on the next stream is answered.
        await client.SendAsync(w => H2RawClient.Headers(w, 3, client.Get("/mock/ok"), endStream: true));
        var ok = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 3);
        Assert.Equal(200, ok!.Status);
        Assert.Empty(backend.Requests);
        Assert.Equal(1, edge.Server.Http2Stats.MalformedRequests);
    }

    internal static (string, string)[] Pairs(string[] flat) => Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[2 * i + 1])).ToArray();
}
