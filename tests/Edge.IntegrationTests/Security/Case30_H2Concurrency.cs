using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 30: streams over the limit are refused (REFUSED_STREAM, §5.1.2); stream-id abuse is PROTOCOL_ERROR.</summary>
public sealed class Case30_H2Concurrency
{
    [Fact]
    public async Task StreamOverTheLimit_RefusedStream()
    {
        await using var backend = new TestBackend();
        var release = new TaskCompletionSource();
        backend.Behavior = async (request, stream) =>
        {
            await release.Task;
            return await TestBackend.EchoAsync(request, stream);
        };
        await using var edge = await Http2Gateway.StartH2cAsync(backend, limits: "h2_max_streams = 5");
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            for (var i = 0; i < 6; i++) H2RawClient.Headers(w, 2 * i + 1, client.Get($"/echo/{i}"), endStream: true);
        });

        var rst = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream);
        Assert.Equal(11, rst!.StreamId);
        Assert.Equal(Http2ErrorCode.RefusedStream, rst.ErrorCode);
        Assert.Equal(1, edge.Server.Http2Stats.RefusedStreams);
        release.SetResult();
        for (var i = 0; i < 5; i++)
        {
            var headers = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers);
            Assert.Equal(200, headers!.Status);
        }
    }

    [Fact]
    public async Task SettingsAnnounceTheLimit()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, limits: "h2_max_streams = 7");
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        var settings = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Settings);

        var payload = settings!.Payload;
        var found = Enumerable.Range(0, payload.Length / 6).Select(i => (Id: payload[6 * i] << 8 | payload[6 * i + 1], Value: System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(6 * i + 2))))
            .Single(s => s.Id == 3);
        Assert.Equal(7u, found.Value);
    }

    /// <summary><c>h2_max_requests</c>: after that many streams the connection gets a graceful GOAWAY that
    /// names the last stream, and every stream it accepted is still answered.</summary>
    [Fact]
    public async Task StreamsPerConnection_GracefulGoAwayAtTheConfiguredLimit()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, limits: "h2_max_requests = 3");
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            for (var i = 0; i < 3; i++) H2RawClient.Headers(w, 2 * i + 1, client.Get($"/echo/{i}"), endStream: true);
        });

        // The GOAWAY and the three responses may come in any order: collect until all are here.
        RawFrame? goAway = null;
        var statuses = new List<int>();
        while ((goAway is null || statuses.Count < 3) && await client.ReadFrameAsync() is { } frame)
        {
            if (frame.Type == Http2FrameType.GoAway) goAway = frame;
            else if (frame.Type == Http2FrameType.Headers) statuses.Add(frame.Status);
        }
        Assert.NotNull(goAway);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(5, goAway.LastStreamId);
        Assert.Equal([200, 200, 200], statuses);
    }

    [Theory]
    [InlineData("even id")]
    [InlineData("reused id")]
    [InlineData("DATA on an idle stream")]
    public async Task StreamIdAbuse_ProtocolError(string what)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        await client.SendAsync(w =>
        {
            switch (what)
            {
                case "even id":
                    H2RawClient.Headers(w, 2, client.Get("/mock/x"), endStream: true);
                    break;
                case "reused id":
                    H2RawClient.Headers(w, 5, client.Get("/mock/x"), endStream: true);
                    H2RawClient.Headers(w, 3, client.Get("/mock/x"), endStream: true);
                    break;
                default:
                    Http2FrameWriter.WriteData(w, 9, "x"u8, endStream: true, 16_384);
                    break;
            }
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.ProtocolError, goAway!.ErrorCode);
    }
}
