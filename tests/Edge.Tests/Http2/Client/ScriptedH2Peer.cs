using System.Buffers;
using System.IO.Pipelines;
using Edge.Http2.Client;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;
using Edge.Transport;

namespace Edge.Tests.Http2.Client;

/// <summary>
/// An HTTP/2 server scripted frame by frame, on the other end of an in-memory transport: the test reads
/// what the client sent (<see cref="ReadFrameAsync"/>) and writes exactly the frames it wants
/// (SETTINGS, HEADERS, DATA, RST_STREAM, GOAWAY, WINDOW_UPDATE, PING).
/// </summary>
internal sealed class ScriptedH2Peer : IAsyncDisposable
{
    private readonly InMemoryTransport _transport;
    private readonly HpackEncoder _encoder = new();
    private readonly HpackDecoder _decoder = new(64 * 1024);

    private ScriptedH2Peer(InMemoryTransport transport) => _transport = transport;

    public PipeWriter Output => _transport.Output;

    /// <summary>A connected client and its peer: the client's preface read, the peer's SETTINGS (with <paramref name="settings"/>) sent.</summary>
    public static async Task<(Http2ClientConnection Client, ScriptedH2Peer Peer)> ConnectAsync(Http2ClientOptions? options = null, params Http2Setting[] settings)
    {
        var (clientEnd, serverEnd) = InMemoryTransport.CreatePair();
        var peer = new ScriptedH2Peer(serverEnd);
        Http2FrameWriter.WriteSettings(peer.Output, settings);
        await peer.Output.FlushAsync();
        var client = await Http2ClientConnection.StartAsync(clientEnd, options ?? new Http2ClientOptions(), "test", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await peer.ExpectPrefaceAsync();
        return (client, peer);
    }

    public async Task ExpectPrefaceAsync()
    {
        var input = _transport.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (result.Buffer.Length >= Http2Preface.Length)
            {
                Assert.Equal(Http2PrefaceStatus.Preface, Http2Preface.Check(result.Buffer));
                input.AdvanceTo(result.Buffer.GetPosition(Http2Preface.Length));
                return;
            }
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>The next frame the client sent (header and a copy of the payload).</summary>
    public async Task<(Http2FrameHeader Header, byte[] Payload)> ReadFrameAsync()
    {
        var input = _transport.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var buffer = result.Buffer;
            if (Http2FrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame, out var error))
            {
                var copy = frame.Payload.ToArray();
                input.AdvanceTo(buffer.Start);
                return (frame.Header, copy);
            }
            Assert.True(error.IsNone, error.ToString());
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new IOException("the client closed the connection");
        }
    }

    /// <summary>Reads frames until one of <paramref name="type"/> arrives (skipping SETTINGS ACKs, WINDOW_UPDATEs and the like).</summary>
    public async Task<(Http2FrameHeader Header, byte[] Payload)> ReadUntilAsync(Http2FrameType type)
    {
        while (true)
        {
            var frame = await ReadFrameAsync();
            if (frame.Header.Type == type) return frame;
        }
    }

    /// <summary>Waits for the client's SETTINGS ACK: from then on it has applied the peer's SETTINGS.</summary>
    public async Task ReadSettingsAckAsync()
    {
        while (true)
        {
            var (header, _) = await ReadUntilAsync(Http2FrameType.Settings);
            if (header.HasFlag(Http2FrameFlags.Ack)) return;
        }
    }

    /// <summary>A request's decoded header fields.</summary>
    public List<(string Name, string Value)> Decode(byte[] block)
    {
        var handler = new Collect { Fields = new() };
        _decoder.Decode(block, ref handler);
        return handler.Fields;
    }

    public async Task SendHeadersAsync(int streamId, bool endStream, params (string Name, string Value)[] fields)
    {
        var block = new ArrayBufferWriter<byte>();
        _encoder.BeginHeaderBlock(block);
        foreach (var (name, value) in fields) _encoder.EncodeHeader(System.Text.Encoding.ASCII.GetBytes(name), System.Text.Encoding.ASCII.GetBytes(value), HpackFlags.None, block);
        Http2FrameWriter.WriteHeaders(Output, streamId, block.WrittenSpan, endStream, 16_384);
        await Output.FlushAsync();
    }

    public async Task SendDataAsync(int streamId, byte[] data, bool endStream)
    {
        Http2FrameWriter.WriteData(Output, streamId, data, endStream, 16_384);
        await Output.FlushAsync();
    }

    public async Task SendAsync(Action<PipeWriter> write)
    {
        write(Output);
        await Output.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.Output.CompleteAsync();
        await _transport.DisposeAsync();
    }

    private struct Collect : IHpackHeaderHandler
    {
        public List<(string, string)> Fields;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags) =>
            Fields.Add((System.Text.Encoding.ASCII.GetString(name), System.Text.Encoding.ASCII.GetString(value)));
    }
}

/// <summary>A fixed GET head for the tests.</summary>
internal readonly struct TestRequestHead(string? path) : IHttp2RequestHead
{
    public void Write(Http2FieldWriter fields)
    {
        fields.Add(":method"u8, "GET"u8);
        fields.Add(":scheme"u8, "http"u8);
        fields.Add(":authority"u8, "backend"u8);
        fields.Add(":path"u8, System.Text.Encoding.ASCII.GetBytes(path ?? "/"));
        fields.Add("X-Test"u8, "yes"u8);
    }
}
