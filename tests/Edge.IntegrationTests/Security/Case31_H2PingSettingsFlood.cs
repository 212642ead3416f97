using System.Buffers;
using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 31: PING and SETTINGS floods (CVE-2019-9512/-9515) from a client that never reads → GOAWAY(ENHANCE_YOUR_CALM), counted.</summary>
public sealed class Case31_H2PingSettingsFlood
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Flood_NotReading_ConnectionClosed(bool ping)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port, receiveBufferSize: 1024);
        var w = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 20_000; i++)
        {
            if (ping) Http2FrameWriter.WritePing(w, (ulong)i, ack: false);
            else Http2FrameWriter.WriteSettings(w, []);
        }
        try
        {
            await client.SendAsync(w.WrittenMemory);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Closed before it read it all.
        }

        var stats = edge.Server.Http2Stats;
        var kind = ping ? FloodKind.Ping : FloodKind.Settings;
        Assert.True(await SecurityGateway.WaitUntilAsync(() => stats.Floods(kind) + stats.Floods(FloodKind.ControlFrameQueue) == 1));
        var goAway = await client.ReadUntilGoAwayAsync();
        if (goAway is not null) Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway.ErrorCode);
        Assert.Equal(1, stats.GoAways(Http2ErrorCode.EnhanceYourCalm));
    }
}
