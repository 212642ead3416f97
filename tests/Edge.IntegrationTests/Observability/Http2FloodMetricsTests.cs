using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Observability;

/// <summary>An HTTP/2 flood the detector stops shows up in /metrics as edge_http2_flood_events_total{kind}.</summary>
public sealed class Http2FloodMetricsTests
{
    [Fact]
    public async Task EmptyFrameFlood_IsCountedByKind()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        var before = await MetricsScrape.GetAsync(edge);
        Assert.Equal(0, before.Value("edge_http2_flood_events_total", ("kind", "empty_frames")));

        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Block((":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/echo/x"));
        await client.SendAsync(w =>
        {
            H2RawClient.Headers(w, 1, block, endStream: false);
            for (var i = 0; i < 100; i++) H2RawClient.Frame(w, Http2FrameType.Data, Http2FrameFlags.None, 1, default);
        });
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, (await client.ReadUntilGoAwayAsync())!.ErrorCode);

        var after = await MetricsScrape.WaitAsync(edge, s => s.Value("edge_http2_flood_events_total", ("kind", "empty_frames")) >= 1);
        Assert.Equal(1, after.Value("edge_http2_flood_events_total", ("kind", "empty_frames")));
        Assert.Equal(0, after.Value("edge_http2_flood_events_total", ("kind", "rapid_reset")));
        Assert.True(after.Value("edge_connections_total", ("protocol", "h2c")) >= 1);
    }
}
