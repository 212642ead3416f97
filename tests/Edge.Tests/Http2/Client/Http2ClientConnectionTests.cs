using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Edge.Http2.Client;
using Edge.Http2.Frames;
using Edge.Transport;

namespace Edge.Tests.Http2.Client;

/// <summary>
/// The upstream (client-role) HTTP/2 connection against a scripted in-process peer: handshake, request
/// encoding, SETTINGS_MAX_CONCURRENT_STREAMS, GOAWAY and REFUSED_STREAM (retryable failures), flow
/// control both ways with bodies larger than the windows, trailers, PING, malformed responses.
/// </summary>
public sealed class Http2ClientConnectionTests
{
    private static async Task<string> ReadBodyAsync(Http2ClientStream stream)
    {
        var text = new StringBuilder();
        while (true)
        {
            var chunk = await stream.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (chunk.IsEnd) return text.ToString();
            text.Append(Encoding.ASCII.GetString(chunk.Data.ToArray()));
            stream.Consume();
        }
    }

    [Fact]
    public async Task Handshake_PeerAnswersLikeHttp11_ThrowsNotSupported()
    {
        var (clientEnd, serverEnd) = InMemoryTransport.CreatePair();
        serverEnd.Output.Write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8);
        await serverEnd.Output.FlushAsync();

        await Assert.ThrowsAsync<Http2NotSupportedException>(() => Http2ClientConnection.StartAsync(clientEnd, new Http2ClientOptions(), "test", CancellationToken.None).AsTask());
        await serverEnd.DisposeAsync();
    }

    [Fact]
    public async Task Request_PseudoHeadersFirst_NamesLowerCased_ResponseAndBodyArrive()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;

        Assert.True(client.TryReserve());
        var stream = client.StartRequest(new TestRequestHead("/a?b=1"), endStream: true)!;
        var (header, payload) = await peer.ReadUntilAsync(Http2FrameType.Headers);
        await peer.SendHeadersAsync(1, false, (":status", "200"), ("content-length", "5"), ("x-up", "1"));
        await peer.SendDataAsync(1, "hello"u8.ToArray(), endStream: true);
        var failure = await client.WaitForResponseHeadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var body = await ReadBodyAsync(stream);
        client.Release(stream);

        Assert.Equal(1, header.StreamId);
        Assert.True(header.HasFlag(Http2FrameFlags.EndStream));
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":authority", "backend"), (":path", "/a?b=1"), ("x-test", "yes")], peer.Decode(payload));
        Assert.Equal(Http2ClientStreamFailure.None, failure);
        Assert.Equal(200, stream.Head.Status);
        Assert.Equal(5, stream.ContentLength);
        Assert.Equal("hello", body);
        Assert.Equal(0, client.ActiveStreams);
    }

    [Fact]
    public async Task MaxConcurrentStreams_FromPeerSettings_IsHonoured()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync(null, new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, 1));
        await using var _ = peer;
        await using var __ = client;
        // The client acknowledges the peer's SETTINGS once it applied them.
        await peer.ReadSettingsAckAsync();

        var first = client.TryReserve();
        var second = client.TryReserve();
        var stream = client.StartRequest(new TestRequestHead(null), endStream: true)!;
        await peer.SendHeadersAsync(1, true, (":status", "204"));
        await client.WaitForResponseHeadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        client.Release(stream);
        var afterRelease = client.TryReserve();

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, client.MaxStreams);
        Assert.True(afterRelease);
    }

    [Fact]
    public async Task GoAway_StreamsAboveLastId_FailAsRefused_LowerOnesComplete()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;
        client.TryReserve();
        client.TryReserve();
        var one = client.StartRequest(new TestRequestHead("/1"), endStream: true)!;
        var three = client.StartRequest(new TestRequestHead("/3"), endStream: true)!;

        await peer.SendAsync(o => Http2FrameWriter.WriteGoAway(o, 1, Http2ErrorCode.NoError));
        var refused = await client.WaitForResponseHeadAsync(three, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await peer.SendHeadersAsync(1, true, (":status", "200"));
        var completed = await client.WaitForResponseHeadAsync(one, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, three.StreamId);
        Assert.Equal(Http2ClientStreamFailure.Refused, refused);
        Assert.Equal(Http2ClientStreamFailure.None, completed);
        Assert.False(client.IsUsable);
        Assert.False(client.TryReserve());
        client.Release(one);
        client.Release(three);
    }

    [Theory]
    [InlineData((uint)Http2ErrorCode.RefusedStream, (byte)Http2ClientStreamFailure.Refused)]
    [InlineData((uint)Http2ErrorCode.InternalError, (byte)Http2ClientStreamFailure.Reset)]
    public async Task RstStream_BeforeResponse_FailsTheStream(uint rawCode, byte rawExpected)
    {
        var code = (Http2ErrorCode)rawCode;
        var expected = (Http2ClientStreamFailure)rawExpected;
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;
        client.TryReserve();
        var stream = client.StartRequest(new TestRequestHead(null), endStream: true)!;

        await peer.SendAsync(o => Http2FrameWriter.WriteRstStream(o, 1, code));
        var failure = await client.WaitForResponseHeadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        client.Release(stream);

        Assert.Equal(expected, failure);
        Assert.True(client.IsUsable);
    }

    [Fact]
    public async Task RequestBody_LargerThanPeerWindows_IsSentOnlyAsWindowsAreGranted()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync(null, new Http2Setting(Http2SettingsParameter.InitialWindowSize, 16_384));
        await using var _ = peer;
        await using var __ = client;
        await peer.ReadSettingsAckAsync(); // the ACK: the 16 KiB stream window applies
        client.TryReserve();
        var stream = client.StartRequest(new TestRequestHead(null), endStream: false)!;
        var body = new byte[100_000];
        new Random(3).NextBytes(body);

        var send = client.WriteDataAsync(stream, new ReadOnlySequence<byte>(body), endStream: true, CancellationToken.None).AsTask();
        var received = new List<byte>();
        long granted = 16_384; // the stream window; the connection window (65,535) is larger until topped up below
        var ended = false;
        while (!ended)
        {
            var (header, payload) = await peer.ReadFrameAsync();
            if (header.Type != Http2FrameType.Data) continue;
            received.AddRange(payload);
            Assert.True(received.Count <= granted, $"sent {received.Count} with only {granted} granted");
            ended = header.HasFlag(Http2FrameFlags.EndStream);
            if (received.Count == granted && !ended)
            {
                // Grant another 16 KiB on the stream and on the connection.
                granted += 16_384;
                await peer.SendAsync(o =>
                {
                    Http2FrameWriter.WriteWindowUpdate(o, 1, 16_384);
                    Http2FrameWriter.WriteWindowUpdate(o, 0, 16_384);
                });
            }
        }
        await send.WaitAsync(TimeSpan.FromSeconds(10));
        client.Release(stream);

        Assert.Equal(body, received.ToArray());
    }

    [Fact]
    public async Task ResponseBody_LargerThanOurStreamWindow_IsCreditedBackAsConsumed()
    {
        var options = new Http2ClientOptions();
        var window = options.Limits.InitialStreamWindowSize;
        var (client, peer) = await ScriptedH2Peer.ConnectAsync(options);
        await using var _ = peer;
        await using var __ = client;
        client.TryReserve();
        var stream = client.StartRequest(new TestRequestHead(null), endStream: true)!;
        await peer.SendHeadersAsync(1, false, (":status", "200"));
        await client.WaitForResponseHeadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        // The whole stream window, then wait for its credit before sending the rest.
        await peer.SendDataAsync(1, new byte[window], endStream: false);
        var reading = ReadBodyAsync(stream);
        var credit = 0;
        while (credit < window / 2)
        {
            var (header, payload) = await peer.ReadUntilAsync(Http2FrameType.WindowUpdate);
            if (header.StreamId == 1) credit += BinaryPrimitives.ReadInt32BigEndian(payload);
        }
        await peer.SendDataAsync(1, new byte[credit], endStream: true);
        var body = await reading;
        client.Release(stream);

        Assert.Equal(window + credit, body.Length);
    }

    [Fact]
    public async Task Trailers_AfterTheBody_AreExposedAndEndTheStream()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;
        client.TryReserve();
        var stream = client.StartRequest(new TestRequestHead(null), endStream: true)!;

        await peer.SendHeadersAsync(1, false, (":status", "200"), ("content-type", "application/grpc"));
        await peer.SendDataAsync(1, "x"u8.ToArray(), endStream: false);
        await peer.SendHeadersAsync(1, true, ("grpc-status", "5"), ("grpc-message", "not found"));
        await client.WaitForResponseHeadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var body = await ReadBodyAsync(stream);

        Assert.Equal("x", body);
        Assert.True(stream.HasTrailers);
        Assert.True(stream.Trailers.TryGetHeader("grpc-status"u8, out var status));
        Assert.Equal("5", Encoding.ASCII.GetString(status));
        Assert.True(stream.Trailers.TryGetHeader("grpc-message"u8, out var message));
        Assert.Equal("not found", Encoding.ASCII.GetString(message));
        client.Release(stream);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithAck()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;

        await peer.SendAsync(o => Http2FrameWriter.WritePing(o, 0x0102030405060708, ack: false));
        var (header, payload) = await peer.ReadUntilAsync(Http2FrameType.Ping);

        Assert.True(header.HasFlag(Http2FrameFlags.Ack));
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64BigEndian(payload));
    }

    [Theory]
    [InlineData("connection", "keep-alive")]
    [InlineData("Upper-Case", "x")]
    [InlineData("transfer-encoding", "chunked")]
    public async Task Response_WithConnectionSpecificOrUpperCaseField_IsMalformed(string name, string value)
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;
        client.TryReserve();
        var stream = client.StartRequest(new TestRequestHead(null), endStream: true)!;

        await peer.SendHeadersAsync(1, true, (":status", "200"), (name, value));
        var failure = await client.WaitForResponseHeadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var (rst, payload) = await peer.ReadUntilAsync(Http2FrameType.RstStream);
        client.Release(stream);

        Assert.Equal(Http2ClientStreamFailure.Malformed, failure);
        Assert.Equal(1, rst.StreamId);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, BinaryPrimitives.ReadUInt32BigEndian(payload));
    }

    [Fact]
    public async Task RequestField_WithCrLf_IsRefusedBeforeAnythingIsSent()
    {
        var (client, peer) = await ScriptedH2Peer.ConnectAsync();
        await using var _ = peer;
        await using var __ = client;
        client.TryReserve();

        Assert.Throws<InvalidOperationException>(() => client.StartRequest(new BadHead(), endStream: true));
        Assert.Equal(0, client.ActiveStreams);
        Assert.True(client.IsUsable);
    }

    private readonly struct BadHead : IHttp2RequestHead
    {
        public void Write(Http2FieldWriter fields)
        {
            fields.Add(":method"u8, "GET"u8);
            fields.Add("x-evil"u8, "a\r\nb"u8);
        }
    }
}
