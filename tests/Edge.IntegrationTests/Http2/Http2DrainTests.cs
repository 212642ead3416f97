using Edge.Http2.Frames;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Http2;

/// <summary>SECURITY.md case 67 for HTTP/2: a drain sends GOAWAY(2^31−1), then GOAWAY(last id); the request in flight finishes.</summary>
public sealed class Http2DrainTests
{
    [Fact]
    public async Task Drain_TwoGoAways_InFlightRequestFinishes()
    {
        await using var backend = new TestBackend();
        backend.Behavior = async (request, stream) =>
        {
            await Task.Delay(1500);
            return await TestBackend.EchoAsync(request, stream);
        };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        await client.SendAsync(w =>
        {
            Http2FrameWriter.WriteSettingsAck(w);
            H2RawClient.Headers(w, 1, client.Get("/echo/slow"), endStream: true);
        });
        await backend.WaitForRequestsAsync(1);

        var drain = edge.Server.DrainAsync(TimeSpan.FromSeconds(10));

        var first = await client.ReadUntilAsync(f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(int.MaxValue, first!.LastStreamId);
        Assert.Equal(Http2ErrorCode.NoError, first.ErrorCode);
        // Answer the drain's PING so the second GOAWAY follows a round trip later.
        var ping = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Ping);
        await client.SendAsync(w => Http2FrameWriter.WritePing(w, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(ping!.Payload), ack: true));
        var second = await client.ReadUntilAsync(f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(1, second!.LastStreamId);
        var response = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 1);
        Assert.Equal(200, response!.Status);
        Assert.True(await drain);
    }
}
