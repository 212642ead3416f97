using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 23: invalid field names and values (CRLF injection, NUL, whitespace) → RST_STREAM(PROTOCOL_ERROR) (RFC 9113 §8.2.1).</summary>
public sealed class Case23_H2FieldValidity
{
    [Theory]
    [InlineData("x", "x\r\nTransfer-Encoding: chunked")]
    [InlineData("x", "a\nb")]
    [InlineData("x", "a\0b")]
    [InlineData("x", " leading")]
    [InlineData("x", "trailing ")]
    [InlineData("x", "tab\t")]
    [InlineData("Foo", "upper-case name")]
    [InlineData("a b", "space in name")]
    [InlineData("a:b", "colon in name")]
    [InlineData("", "empty name")]
    public async Task InvalidField_ResetProtocolError_NeverReachesTheUpstream(string name, string value)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w => H2RawClient.Headers(w, 1, client.Get("/echo/x", (name, value)), endStream: true));

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream && f.StreamId == 1);
        Assert.Equal(Http2FrameType.RstStream, rst!.Type);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst.ErrorCode);
        await Task.Delay(100);
        Assert.Empty(backend.Requests);
    }
}
