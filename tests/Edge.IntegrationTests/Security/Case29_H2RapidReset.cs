using System.Buffers;
using System.Buffers.Binary;
using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 29, rapid reset (CVE-2023-44487): HEADERS + RST_STREAM(CANCEL) × 10,000 → GOAWAY
/// (ENHANCE_YOUR_CALM) after a bounded count, and the upstream sees ≲ 100 requests, because a reset
/// stream counts against the concurrency limit until its upstream work has ended.
/// </summary>
public sealed class Case29_H2RapidReset
{
    [Fact]
    public async Task HeadersThenReset_Flood_GoAway_UpstreamBounded()
    {
        await using var backend = new TestBackend();
        // A slow upstream: each request holds its stream for a while, as a real one would.
        backend.Behavior = async (request, stream) =>
        {
            await Task.Delay(2000);
            return await TestBackend.EchoAsync(request, stream);
        };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Get("/echo/rr");
        var cancel = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(cancel, (uint)Http2ErrorCode.Cancel);

        var w = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 10_000; i++)
        {
            var id = 2 * i + 1;
            // The same block each time: the encoder indexed it on the first use, so later ones are tiny.
            H2RawClient.Headers(w, id, i == 0 ? block : client.Get("/echo/rr"), endStream: true);
            H2RawClient.Frame(w, Http2FrameType.RstStream, Http2FrameFlags.None, id, cancel);
        }
        try
        {
            await client.SendAsync(w.WrittenMemory);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Edge may close before it has read everything: that is the point.
        }

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
        await SecurityGateway.WaitUntilAsync(() => edge.Server.Http2Stats.Floods(FloodKind.RapidReset) == 1);
        var upstream = await SecurityGateway.WaitForStableAsync(() => backend.Requests.Count);
        Assert.True(upstream <= 110, $"upstream got {upstream} requests");
        Assert.True(edge.Server.Http2Stats.Streams <= 200, $"{edge.Server.Http2Stats.Streams} streams started");
    }
}
