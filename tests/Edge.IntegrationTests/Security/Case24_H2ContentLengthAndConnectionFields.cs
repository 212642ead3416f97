using System.Text;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 24: H2.CL and H2.TE desync attempts (RFC 9113 §8.1.1, §8.2.2).</summary>
public sealed class Case24_H2ContentLengthAndConnectionFields
{
    [Fact]
    public async Task ContentLengthZero_ThenData_ResetProtocolError_NoSmuggledRequest()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Block((":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/echo/x"), ("content-length", "0"));

        await client.SendAsync(w =>
        {
            H2RawClient.Headers(w, 1, block, endStream: false);
            Http2FrameWriter.WriteData(w, 1, Encoding.ASCII.GetBytes("GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"), endStream: true, 16_384);
        });

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream && f.StreamId == 1);
        Assert.Equal(Http2FrameType.RstStream, rst!.Type);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst.ErrorCode);
        await Task.Delay(300);
        // At most the POST itself (with an empty body) got out; never a second request.
        Assert.True(backend.Requests.Count <= 1);
        Assert.DoesNotContain(backend.Requests, r => r.Target.Contains("admin", StringComparison.Ordinal));
        Assert.All(backend.Requests, r => Assert.Empty(r.Body));
    }

    [Fact]
    public async Task ContentLengthLargerThanData_ResetProtocolError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Block((":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/echo/x"), ("content-length", "10"));

        await client.SendAsync(w =>
        {
            H2RawClient.Headers(w, 1, block, endStream: false);
            Http2FrameWriter.WriteData(w, 1, "abc"u8, endStream: true, 16_384);
        });

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream && f.StreamId == 1);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst!.ErrorCode);
        await Task.Delay(300);
        Assert.All(backend.Requests, r => Assert.False(r.BodyComplete && r.Body.Length == 10));
    }

    [Theory]
    [InlineData("transfer-encoding", "chunked")]
    [InlineData("connection", "close")]
    [InlineData("keep-alive", "timeout=5")]
    [InlineData("proxy-connection", "keep-alive")]
    [InlineData("upgrade", "h2c")]
    [InlineData("te", "gzip")]
    public async Task ConnectionSpecificField_ResetProtocolError(string name, string value)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w => H2RawClient.Headers(w, 1, client.Get("/echo/x", (name, value)), endStream: true));

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream && f.StreamId == 1);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst!.ErrorCode);
        await Task.Delay(100);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task TeTrailers_IsAccepted_AndNotForwarded()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w => H2RawClient.Headers(w, 1, client.Get("/echo/x", ("te", "trailers")), endStream: true));

        var headers = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 1);
        Assert.Equal(200, headers!.Status);
        Assert.Null(Assert.Single(backend.Requests).Header("te"));
    }
}
