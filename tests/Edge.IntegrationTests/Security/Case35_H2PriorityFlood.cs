using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 35: PRIORITY frames are ignored but capped (CVE-2019-9513); a self-dependency is a stream PROTOCOL_ERROR.</summary>
public sealed class Case35_H2PriorityFlood
{
    [Fact]
    public async Task PriorityFlood_GoAwayEnhanceYourCalm()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        // 10× the cap of 100 PRIORITY frames per stream opened (+1): 14 KB, which the socket buffers
        // take whole. A larger flood races Edge's close (the client's send then fails: broken pipe).
        try
        {
            await client.SendAsync(w =>
            {
                for (var i = 0; i < 1000; i++) H2RawClient.Frame(w, Http2FrameType.Priority, Http2FrameFlags.None, 2 * (i % 100) + 1, [0, 0, 0, 0, 16]);
            });
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Closed before it read it all: the counters below still tell what happened.
        }

        var stats = edge.Server.Http2Stats;
        Assert.True(await SecurityGateway.WaitUntilAsync(() => stats.Floods(FloodKind.Priority) == 1));
        Assert.Equal(1, stats.GoAways(Http2ErrorCode.EnhanceYourCalm));
        var goAway = await client.ReadUntilGoAwayAsync();
        if (goAway is not null) Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway.ErrorCode);
    }

    [Fact]
    public async Task SelfDependency_ResetProtocolError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.Priority, Http2FrameFlags.None, 3, [0, 0, 0, 3, 16]));

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream);
        Assert.Equal(3, rst!.StreamId);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst.ErrorCode);
    }
}
