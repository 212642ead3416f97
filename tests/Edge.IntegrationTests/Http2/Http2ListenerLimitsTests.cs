using System.Buffers.Binary;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Http2;

/// <summary><c>[listeners.http2]</c> reaches the wire: announced SETTINGS, the connection window, the stream limits.</summary>
public sealed class Http2ListenerLimitsTests
{
    [Fact]
    public async Task ConfiguredLimits_AreTheAnnouncedSettings_AndTheConnectionWindow()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: """
            [listeners.http2]
            max_concurrent_streams = 7
            header_list_size = "8KiB"
            initial_window_size = "128KiB"
            connection_window_size = "2MiB"
            max_frame_size = "32KiB"
            """);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        var settings = await client.ReadFrameAsync();
        Assert.Equal(Http2FrameType.Settings, settings!.Type);
        var announced = new Dictionary<int, uint>();
        for (var i = 0; i + 6 <= settings.Payload.Length; i += 6)
            announced[BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i))] = BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan(i + 2));
        Assert.Equal(7u, announced[0x3]);          // MAX_CONCURRENT_STREAMS
        Assert.Equal(128u * 1024, announced[0x4]); // INITIAL_WINDOW_SIZE
        Assert.Equal(32u * 1024, announced[0x5]);  // MAX_FRAME_SIZE
        Assert.Equal(8u * 1024, announced[0x6]);   // MAX_HEADER_LIST_SIZE

        var window = await client.ReadFrameAsync();
        Assert.Equal(Http2FrameType.WindowUpdate, window!.Type);
        Assert.Equal(0, window.StreamId);
        Assert.Equal(2 * 1024 * 1024 - 65_535, BinaryPrimitives.ReadInt32BigEndian(window.Payload));
    }

    /// <summary>The limits are part of the listener: a reload that changes them rebinds it, and new connections get them.</summary>
    [Fact]
    public async Task Reload_ChangedHttp2Limits_NewConnectionsAnnounceThem()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: "[listeners.http2]\nmax_concurrent_streams = 5");
        Assert.Equal(5u, await AnnouncedAsync(edge.Port, 0x3));

        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, text.Replace("max_concurrent_streams = 5", "max_concurrent_streams = 9", StringComparison.Ordinal));
        var outcome = await edge.Server.ReloadAsync();
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));

        Assert.Equal(9u, await AnnouncedAsync(edge.Port, 0x3));
    }

    private static async Task<uint> AnnouncedAsync(int port, int setting)
    {
        await using var client = await H2RawClient.ConnectAsync(port);
        var settings = await client.ReadFrameAsync();
        Assert.Equal(Http2FrameType.Settings, settings!.Type);
        for (var i = 0; i + 6 <= settings.Payload.Length; i += 6)
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i)) == setting)
                return BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan(i + 2));
        }
        throw new Xunit.Sdk.XunitException($"setting {setting} was not announced");
    }

    [Fact]
    public async Task MaxStreamsPerConnection_GracefulGoAwayAfterThatMany_LaterStreamRefused()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: "[listeners.http2]\nmax_streams_per_connection = 3");
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        await client.SendAsync(w =>
        {
            Http2FrameWriter.WriteSettingsAck(w);
            // Stream 7 in the same write: it is read right after the GOAWAY that stream 5 triggered.
            for (var id = 1; id <= 7; id += 2) H2RawClient.Headers(w, id, client.Get("/mock/n"), endStream: true);
        });

        var goAway = await client.ReadUntilAsync(f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(Http2FrameType.GoAway, goAway!.Type);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(5, goAway.LastStreamId);

        var answered = new HashSet<int>();
        var refused = false;
        while (await client.ReadFrameAsync() is { } frame)
        {
            if (frame.Type == Http2FrameType.Headers && frame.Status == 200) answered.Add(frame.StreamId);
            if (frame.Type == Http2FrameType.RstStream && frame.StreamId == 7) refused = frame.ErrorCode == Http2ErrorCode.RefusedStream;
        }
        Assert.Equal(new[] { 1, 3, 5 }, answered.Order());
        Assert.True(refused, "a stream after the graceful GOAWAY must be refused");
        Assert.Equal(3, edge.Server.Http2Stats.Streams);
    }

    [Fact]
    public async Task MaxConcurrentStreams_OneBeyondIsRefused()
    {
        await using var backend = new TestBackend();
        var release = new TaskCompletionSource();
        backend.Behavior = async (request, stream) =>
        {
            await release.Task;
            return await TestBackend.EchoAsync(request, stream);
        };
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: "[listeners.http2]\nmax_concurrent_streams = 2");
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        await client.SendAsync(w =>
        {
            Http2FrameWriter.WriteSettingsAck(w);
            H2RawClient.Headers(w, 1, client.Get("/echo/a"), endStream: true);
            H2RawClient.Headers(w, 3, client.Get("/echo/b"), endStream: true);
            H2RawClient.Headers(w, 5, client.Get("/echo/c"), endStream: true);
        });

        RawFrame? reset;
        try
        {
            reset = await client.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream);
        }
        finally
        {
            release.SetResult();
        }
        Assert.Equal(5, reset!.StreamId);
        Assert.Equal(Http2ErrorCode.RefusedStream, reset.ErrorCode);
        var first = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 1);
        Assert.Equal(200, first!.Status);
        Assert.Equal(1, edge.Server.Http2Stats.RefusedStreams);
    }
}
