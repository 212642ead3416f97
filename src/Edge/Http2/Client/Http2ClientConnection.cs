using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Edge.Http2.Flood;
using Edge.Http2.FlowControl;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;
using Edge.Http2.Server;
using Edge.Http2.Settings;
using Edge.Http2.Streams;
using Edge.Transport;

namespace Edge.Http2.Client;

/// <summary>
/// One HTTP/2 connection to an upstream, in the client role (RFC 9113): our preface and SETTINGS, then
/// request streams with odd ascending ids, multiplexed up to the smaller of the peer's
/// SETTINGS_MAX_CONCURRENT_STREAMS and our own cap. One read loop owns the input (frames cut by
/// <see cref="Http2FrameReader"/>, checked and dispatched under the connection lock); requests write
/// their HEADERS and DATA into the transport's pipe under the same lock (HPACK encoding inside it, so
/// table order is wire order), within the peer's stream and connection windows. Response bodies are
/// credited back to the peer only as the forwarder consumes them. Split by aspect: <c>.Frames.cs</c>
/// (frame handlers), <c>.Requests.cs</c> (streams: start, body, release), <c>.Output.cs</c> (flushing,
/// GOAWAY, close).
/// <para>
/// The peer is an upstream, not an attacker, but it is still bounded: header lists
/// (<see cref="Http2Limits.MaxHeaderListSize"/>), blocks and CONTINUATIONs, windows, interim responses,
/// and PING/SETTINGS floods end the connection like the server side's detector would.
/// </para>
/// </summary>
internal sealed partial class Http2ClientConnection : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly PipeWriter _output;
    private readonly Lock _lock = new();
    private readonly long _frequency = Stopwatch.Frequency;
    private readonly Http2Limits _limits;

    private readonly HpackDecoder _decoder;
    private readonly HpackEncoder _encoder = new();
    private readonly Http2HeaderBlockBuffer _headerBlock = new();
    private readonly Http2FieldWriter _fields;
    private readonly Http2HeaderBlockAssembler _assembler;
    private readonly Http2LocalSettings _local;
    private readonly Http2PeerSettings _peer = new();
    private readonly Http2FloodDetector _flood;
    private readonly Http2StreamIds _ids = new(Http2Role.Client);
    private Http2SendWindow _sendWindow = new(Http2Settings.DefaultInitialWindowSize);
    private Http2ReceiveWindow _receiveWindow = new(Http2Settings.DefaultInitialWindowSize);

    private readonly Dictionary<int, Http2ClientStream> _streams = new();
    private readonly Stack<Http2ClientStream> _pool = new();
    private readonly List<Http2ClientStream> _windowWaiters = new();
    private readonly List<Http2ClientStream> _flushWaiters = new();

    /// <summary>Streams reserved by forwarders and not yet released: what MAX_CONCURRENT_STREAMS limits.</summary>
    private int _reserved;
    /// <summary>The peer sent GOAWAY: no new streams; streams above <see cref="_goAwayLastStreamId"/> were never processed.</summary>
    private bool _goAwayReceived;
    private int _goAwayLastStreamId = int.MaxValue;
    /// <summary>The connection is finished: the read loop ended or a connection error was sent.</summary>
    private bool _dead;
    private Http2Error _closeError;
    private Task _readLoop = Task.CompletedTask;
    private bool _disposed;

    private Http2ClientConnection(ITransport transport, Http2ClientOptions options, string name)
    {
        _transport = transport;
        _output = transport.Output;
        Options = options;
        Name = name;
        _limits = options.Limits;
        _decoder = new HpackDecoder(_limits.MaxHeaderListSize, _limits.HeaderTableSize);
        _fields = new Http2FieldWriter(_encoder);
        _assembler = new Http2HeaderBlockAssembler(_limits.MaxHeaderBlockBytes, _limits.MaxContinuationFrames, _limits.HeaderBlockTimeout, _frequency);
        _local = new Http2LocalSettings(_limits.ToSettings(), _limits.SettingsAckTimeout, _frequency);
        _flood = new Http2FloodDetector(_limits.Flood, _frequency, Stopwatch.GetTimestamp());
        IdleSince = Stopwatch.GetTimestamp();
    }

    public Http2ClientOptions Options { get; }

    /// <summary>The endpoint, for messages.</summary>
    public string Name { get; }

    /// <summary>Called (outside the lock) when a stream slot frees up or the connection dies: the pool wakes a waiter.</summary>
    public Action<Http2ClientConnection>? Changed { get; set; }

    /// <summary>When the last stream ended (Stopwatch ticks), for idle eviction.</summary>
    public long IdleSince { get; private set; }

    /// <summary>Streams in use now.</summary>
    public int ActiveStreams
    {
        get
        {
            lock (_lock) return _reserved;
        }
    }

    /// <summary>The most streams this connection carries at once: the peer's SETTINGS_MAX_CONCURRENT_STREAMS, capped by ours.</summary>
    public int MaxStreams
    {
        get
        {
            lock (_lock) return MaxStreamsLocked;
        }
    }

    private int MaxStreamsLocked => (int)Math.Min(_peer.Current.MaxConcurrentStreams, (uint)_limits.MaxConcurrentStreams);

    /// <summary>False once the connection died, received GOAWAY or ran out of stream ids: it takes no new streams.</summary>
    public bool IsUsable
    {
        get
        {
            lock (_lock) return UsableLocked;
        }
    }

    private bool UsableLocked => !_dead && !_goAwayReceived && _ids.NextLocalStreamId > 0;

    /// <summary>Finished: no streams can run on it any more (the pool drops it).</summary>
    public bool IsDead
    {
        get
        {
            lock (_lock) return _dead;
        }
    }

    /// <summary>
    /// Starts HTTP/2 on a connected transport (cleartext with prior knowledge, or TLS where ALPN chose h2):
    /// our preface, SETTINGS and connection WINDOW_UPDATE, then the peer's first frame, which must be its
    /// SETTINGS (§3.4). Anything else — an HTTP/1.1 server answering the preface with a 400, or closing —
    /// throws <see cref="Http2NotSupportedException"/>: the caller learns the endpoint does not speak h2c.
    /// </summary>
    public static async ValueTask<Http2ClientConnection> StartAsync(ITransport transport, Http2ClientOptions options, string name, CancellationToken cancellationToken)
    {
        var connection = new Http2ClientConnection(transport, options, name);
        try
        {
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection._dead = true;
            transport.Abort();
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        connection._readLoop = connection.ReadLoopAsync();
        return connection;
    }

    private async ValueTask HandshakeAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Http2Preface.Write(_output);
            _local.Write(_output, Stopwatch.GetTimestamp());
            var increment = _receiveWindow.Resize(_limits.ConnectionWindowSize);
            if (increment > 0) Http2FrameWriter.WriteWindowUpdate(_output, 0, increment);
        }
        var flushed = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCompleted) throw new Http2NotSupportedException($"{Name} closed the connection at the HTTP/2 preface");
        var input = _transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= Http2FrameHeader.Size)
            {
                // §3.4: the server preface is a SETTINGS frame (not an ACK) on stream 0. "HTTP/1.1 400" is not.
                Span<byte> raw = stackalloc byte[Http2FrameHeader.Size];
                buffer.Slice(0, Http2FrameHeader.Size).CopyTo(raw);
                var header = Http2FrameHeader.Read(raw);
                var looksLikeSettings = header.Type == Http2FrameType.Settings && header.StreamId == 0
                    && !header.HasFlag(Http2FrameFlags.Ack) && header.Length % Http2SettingsFrame.EntryLength == 0
                    && header.Length <= Http2SettingsFrame.EntryLength * _limits.MaxSettingsEntries;
                // Nothing consumed and nothing marked examined: the read loop's first read returns these bytes at once.
                input.AdvanceTo(buffer.Start);
                if (!looksLikeSettings) throw new Http2NotSupportedException($"{Name} did not answer the HTTP/2 preface with SETTINGS");
                return;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new Http2NotSupportedException($"{Name} closed the connection at the HTTP/2 preface");
        }
    }

    /// <summary>The frame loop: one lock per input batch, every complete frame handled, then one flush.</summary>
    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        await Task.Yield();
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                lock (_lock)
                {
                    var now = Stopwatch.GetTimestamp();
                    while (_closeError.IsNone && !_dead)
                    {
                        if (!Http2FrameReader.TryReadFrame(ref buffer, _limits.MaxFrameSize, out var frame, out var error))
                        {
                            if (error.IsError) FailLocked(error);
                            break;
                        }
                        error = ProcessFrame(frame, now);
                        if (error.IsStreamError) ResetStreamLocked(error.StreamId, error.Code, Http2ClientStreamFailure.Malformed);
                        else if (error.IsConnectionError) FailLocked(error);
                    }
                    if (_wroteSinceFlush) RequestFlushLocked();
                }
                input.AdvanceTo(buffer.Start, result.Buffer.End);
                bool notify;
                lock (_lock)
                {
                    notify = _notifyPool;
                    _notifyPool = false;
                }
                if (notify) Changed?.Invoke(this);
                lock (_lock)
                {
                    if (_dead) break;
                    if (_goAwayReceived && _reserved == 0) break;
                }
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The transport broke: every open stream fails below.
        }
        lock (_lock) KillLocked();
        Changed?.Invoke(this);
        await input.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>A connection error of ours: GOAWAY(last stream id the peer opened = 0, code), then the end.</summary>
    private void FailLocked(Http2Error error)
    {
        if (_closeError.IsError || _dead) return;
        _closeError = error.ToConnectionError();
        if (!_transportBroken)
        {
            Http2FrameWriter.WriteGoAway(_output, 0, error.Code, System.Text.Encoding.ASCII.GetBytes(Http2ErrorReasons.Message(error.Reason)));
            RequestFlushLocked();
        }
        KillLocked();
    }

    /// <summary>Marks the connection dead and fails every live stream (those the peer never processed as refused).</summary>
    private void KillLocked()
    {
        if (_dead) return;
        _dead = true;
        foreach (var stream in _streams.Values)
        {
            var failure = stream.StreamId > _goAwayLastStreamId ? Http2ClientStreamFailure.Refused : Http2ClientStreamFailure.ConnectionLost;
            FailStreamLocked(stream, failure);
        }
        _streams.Clear();
        foreach (var waiter in _flushWaiters) waiter.WindowSignal.Set();
        _flushWaiters.Clear();
        _windowWaiters.Clear();
        _transport.Input.CancelPendingRead();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            // The pool may close a connection from more than one place (dead, idle, shutdown): once is enough.
            if (_disposed) return;
            _disposed = true;
            if (!_dead && !_transportBroken)
            {
                // §6.8: a graceful close announces the last stream the peer initiated (none: 0).
                Http2FrameWriter.WriteGoAway(_output, 0, Http2ErrorCode.NoError);
                RequestFlushLocked();
            }
            KillLocked();
        }
        try
        {
            await _pendingFlush.ConfigureAwait(false);
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing anyway.
        }
        await _output.CompleteAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _headerBlock.Dispose();
        _assembler.Dispose();
    }
}

/// <summary>The peer did not answer the HTTP/2 preface with SETTINGS: it does not speak HTTP/2 (prior knowledge).</summary>
internal sealed class Http2NotSupportedException(string message) : IOException(message);
