using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// A hand-driven HTTP/2 client for the SECURITY.md cases: frames are built with Edge's own frame writer
/// and HPACK encoder (the test project sees internals) and sent raw, so a test can send anything — bad
/// prefaces, floods, malformed header blocks — and read back what Edge answers, frame by frame.
/// </summary>
internal sealed class H2RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly HpackEncoder _encoder = new();
    private readonly HpackDecoder _decoder = new(1 << 20);
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    private H2RawClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    /// <summary>Connects; with <paramref name="preface"/> sends the client preface and an empty SETTINGS.</summary>
    public static async Task<H2RawClient> ConnectAsync(int port, bool preface = true, int receiveBufferSize = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize > 0) socket.ReceiveBufferSize = receiveBufferSize;
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var client = new H2RawClient(socket);
        if (preface)
        {
            var w = new ArrayBufferWriter<byte>();
            Http2Preface.Write(w);
            Http2FrameWriter.WriteSettings(w, []);
            await client.SendAsync(w.WrittenMemory);
        }
        return client;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var n = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[n..];
        }
    }

    /// <summary>Builds frames with <paramref name="write"/> and sends them in one write.</summary>
    public Task SendAsync(Action<ArrayBufferWriter<byte>> write)
    {
        var w = new ArrayBufferWriter<byte>();
        write(w);
        return SendAsync(w.WrittenMemory);
    }

    /// <summary>An HPACK block for a request: pseudo-headers then fields, in the given order, names as given.</summary>
    public byte[] Block(params (string Name, string Value)[] fields)
    {
        var w = new ArrayBufferWriter<byte>();
        _encoder.BeginHeaderBlock(w);
        foreach (var (name, value) in fields)
            _encoder.EncodeHeader(System.Text.Encoding.Latin1.GetBytes(name), System.Text.Encoding.Latin1.GetBytes(value), HpackFlags.None, w);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>The usual GET fields for <paramref name="path"/>, plus <paramref name="extra"/>.</summary>
    public byte[] Get(string path, params (string, string)[] extra) =>
        Block([(":method", "GET"), (":scheme", "http"), (":authority", "a"), (":path", path), .. extra]);

    /// <summary>HEADERS (END_HEADERS) with an encoded block.</summary>
    public static void Headers(IBufferWriter<byte> w, int streamId, ReadOnlySpan<byte> block, bool endStream) =>
        Http2FrameWriter.WriteHeaders(w, streamId, block, endStream, 16_384);

    /// <summary>A raw frame with any header fields and payload.</summary>
    public static void Frame(IBufferWriter<byte> w, Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        Http2FrameWriter.WriteFrameHeader(w, payload.Length, type, flags, streamId);
        w.Write(payload);
    }

    /// <summary>Reads the next frame (null when the connection ended). Waits at most <paramref name="timeoutMs"/>.</summary>
    public async Task<RawFrame?> ReadFrameAsync(int timeoutMs = 15000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            if (_end - _start >= 9)
            {
                var header = Http2FrameHeader.Read(_buffer.AsSpan(_start));
                if (_end - _start >= 9 + header.Length)
                {
                    var payload = _buffer.AsSpan(_start + 9, header.Length).ToArray();
                    _start += 9 + header.Length;
                    var frame = new RawFrame(header.Type, header.Flags, header.StreamId, payload);
                    if (header.Type == Http2FrameType.Headers)
                    {
                        // Responses are small: one HEADERS with END_HEADERS, no padding or priority.
                        var fields = new FieldCollector { Fields = frame.Fields };
                        _decoder.Decode(payload, ref fields);
                    }
                    return frame;
                }
                if (9 + header.Length > _buffer.Length) Array.Resize(ref _buffer, 9 + header.Length);
            }
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            int n;
            try
            {
                n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cts.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return null;
            }
            if (n == 0) return null;
            _end += n;
        }
    }

    /// <summary>
    /// Reads an HTTP/1.1 response head (through its empty line) before any frame, as after an h2c upgrade
    /// request; the bytes after it stay buffered for <see cref="ReadFrameAsync"/>. Null when the connection ended first.
    /// </summary>
    public async Task<string?> ReadHttp1HeadAsync(int timeoutMs = 15000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = System.Text.Encoding.Latin1.GetString(_buffer, _start, end + 4);
                _start += end + 4;
                return head;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int n;
            try
            {
                n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cts.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return null;
            }
            if (n == 0) return _end > _start ? System.Text.Encoding.Latin1.GetString(_buffer, _start, _end - _start) : null;
            _end += n;
        }
    }

    /// <summary>Reads frames until a GOAWAY (returned) or the end of the connection (null).</summary>
    public async Task<RawFrame?> ReadUntilGoAwayAsync(int timeoutMs = 15000)
    {
        while (await ReadFrameAsync(timeoutMs) is { } frame)
            if (frame.Type == Http2FrameType.GoAway) return frame;
        return null;
    }

    /// <summary>Reads frames until one for which <paramref name="match"/> holds (returned), or null at the end or a GOAWAY.</summary>
    public async Task<RawFrame?> ReadUntilAsync(Func<RawFrame, bool> match, int timeoutMs = 15000)
    {
        while (await ReadFrameAsync(timeoutMs) is { } frame)
        {
            if (match(frame)) return frame;
            if (frame.Type == Http2FrameType.GoAway) return frame;
        }
        return null;
    }

    /// <summary>True when the server closed the connection (FIN or reset) within the timeout.</summary>
    public async Task<bool> ClosedAsync(int timeoutMs = 10000)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeoutMs);
            if (frame is null) return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One frame as received.</summary>
internal sealed record RawFrame(Http2FrameType Type, Http2FrameFlags Flags, int StreamId, byte[] Payload)
{
    /// <summary>The error code of a GOAWAY or RST_STREAM.</summary>
    public Http2ErrorCode ErrorCode => Type switch
    {
        Http2FrameType.GoAway => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(4)),
        Http2FrameType.RstStream => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload),
        _ => throw new InvalidOperationException($"{Type} has no error code"),
    };

    public int LastStreamId => (int)(BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7FFF_FFFF);

    public bool EndStream => (Flags & Http2FrameFlags.EndStream) != 0;

    /// <summary>The decoded fields of a HEADERS frame.</summary>
    public List<(string Name, string Value)> Fields { get; } = [];

    /// <summary>The :status of a response HEADERS.</summary>
    public int Status => int.Parse(Fields.First(f => f.Name == ":status").Value, System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"{Type} flags={Flags} stream={StreamId} len={Payload.Length}";
}

internal struct FieldCollector : IHpackHeaderHandler
{
    public List<(string, string)> Fields;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags) =>
        Fields.Add((System.Text.Encoding.Latin1.GetString(name), System.Text.Encoding.Latin1.GetString(value)));
}
