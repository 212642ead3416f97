using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 33: empty DATA/HEADERS/CONTINUATION frames (CVE-2019-9518) → GOAWAY at the 2nd in a row.</summary>
public sealed class Case33_H2EmptyFrames
{
    [Fact]
    public async Task EmptyDataFrames_GoAwayAtTheSecond()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Block((":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/echo/x"));

        await client.SendAsync(w =>
        {
            H2RawClient.Headers(w, 1, block, endStream: false);
            for (var i = 0; i < 1000; i++) H2RawClient.Frame(w, Http2FrameType.Data, Http2FrameFlags.None, 1, default);
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
        Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.Http2Stats.Floods(FloodKind.EmptyFrames) == 1));
    }

    [Fact]
    public async Task EmptyHeadersThenEmptyContinuation_GoAway()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            H2RawClient.Frame(w, Http2FrameType.Headers, Http2FrameFlags.None, 1, default);
            H2RawClient.Frame(w, Http2FrameType.Continuation, Http2FrameFlags.None, 1, default);
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
    }
}
