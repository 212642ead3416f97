using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 28: CONTINUATION floods (CVE-2024-27316, CVE-2023-45288) end the connection early and cheaply.</summary>
public sealed class Case28_H2ContinuationFlood
{
    [Fact]
    public async Task EmptyContinuations_GoAwayEnhanceYourCalm()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Get("/echo/x");

        await client.SendAsync(w =>
        {
            H2RawClient.Frame(w, Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, block);
            for (var i = 0; i < 10_000; i++) H2RawClient.Frame(w, Http2FrameType.Continuation, Http2FrameFlags.None, 1, default);
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
        var stats = edge.Server.Http2Stats;
        await SecurityGateway.WaitUntilAsync(() => stats.Floods(FloodKind.EmptyFrames) + stats.Floods(FloodKind.Continuation) == 1);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task OneByteContinuations_GoAwayAfterEight()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            H2RawClient.Frame(w, Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, [0x82]);
            for (var i = 0; i < 1000; i++) H2RawClient.Frame(w, Http2FrameType.Continuation, Http2FrameFlags.None, 1, [0x84]);
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
        await SecurityGateway.WaitUntilAsync(() => edge.Server.Http2Stats.Floods(FloodKind.Continuation) == 1);
    }

    [Fact]
    public async Task SlowContinuations_HeaderTimeout()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, limits: "header_timeout = \"2s\"");
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, [0x82]));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var trickle = Task.Run(async () =>
        {
            for (var i = 0; i < 5 && !stop.IsCancellationRequested; i++)
            {
                await Task.Delay(900, stop.Token);
                await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.Continuation, Http2FrameFlags.None, 1, [0x84]));
            }
        });

        var goAway = await client.ReadUntilGoAwayAsync(timeoutMs: 15_000);
        await stop.CancelAsync();
        try
        {
            await trickle;
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The connection is gone; the trickle ends with it.
        }
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
    }

    [Fact]
    public async Task FrameOnAnotherStreamInsideABlock_ProtocolError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            H2RawClient.Frame(w, Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, [0x82]);
            H2RawClient.Frame(w, Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 3, [0x84]);
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.ProtocolError, goAway!.ErrorCode);
    }
}
