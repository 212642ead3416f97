using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 36: WINDOW_UPDATE abuse (RFC 9113 §6.9.1): increment 0, overflow, storms.</summary>
public sealed class Case36_H2WindowUpdate
{
    [Fact]
    public async Task ZeroIncrementOnTheConnection_GoAwayProtocolError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.WindowUpdate, Http2FrameFlags.None, 0, [0, 0, 0, 0]));

        Assert.Equal(Http2ErrorCode.ProtocolError, (await client.ReadUntilGoAwayAsync())!.ErrorCode);
    }

    [Fact]
    public async Task ZeroIncrementOnAStream_ResetProtocolError()
    {
        await using var backend = new TestBackend();
        var release = new TaskCompletionSource();
        backend.Behavior = async (request, stream) =>
        {
            await release.Task;
            return await TestBackend.EchoAsync(request, stream);
        };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            H2RawClient.Headers(w, 1, client.Get("/echo/w"), endStream: true);
            H2RawClient.Frame(w, Http2FrameType.WindowUpdate, Http2FrameFlags.None, 1, [0, 0, 0, 0]);
        });

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream);
        release.SetResult();
        Assert.Equal(1, rst!.StreamId);
        Assert.Equal(Http2ErrorCode.ProtocolError, rst.ErrorCode);
    }

    [Fact]
    public async Task ConnectionWindowOverflow_GoAwayFlowControlError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            Http2FrameWriter.WriteWindowUpdate(w, 0, int.MaxValue);
            Http2FrameWriter.WriteWindowUpdate(w, 0, int.MaxValue);
        });

        Assert.Equal(Http2ErrorCode.FlowControlError, (await client.ReadUntilGoAwayAsync())!.ErrorCode);
    }

    [Fact]
    public async Task WindowUpdateStorm_GoAwayEnhanceYourCalm()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            for (var i = 0; i < 1000; i++) Http2FrameWriter.WriteWindowUpdate(w, 0, 1);
        });

        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, (await client.ReadUntilGoAwayAsync())!.ErrorCode);
        Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.Http2Stats.Floods(FloodKind.WindowUpdate) == 1));
    }
}
