using System.Buffers;
using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 32: provoked resets (-9514, "MadeYouReset") spend the same budget as sent ones → GOAWAY(ENHANCE_YOUR_CALM).</summary>
public sealed class Case32_H2ResetFlood
{
    [Fact]
    public async Task DataOnClosedStreams_ProvokedResets_GoAway()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var w = new ArrayBufferWriter<byte>();
        // Open stream 20,001 so every lower odd id is closed; then DATA on each provokes RST_STREAM(STREAM_CLOSED).
        H2RawClient.Headers(w, 20_001, client.Get("/mock/x"), endStream: true);
        for (var id = 1; id < 20_001; id += 2) Http2FrameWriter.WriteData(w, id, "x"u8, endStream: false, 16_384);
        try
        {
            await client.SendAsync(w.WrittenMemory);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Closed early: expected.
        }

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
        Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.Http2Stats.Floods(FloodKind.RapidReset) == 1));
    }
}
