using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Edge.Http;
using Edge.Http2.Flood;
using Edge.Http2.FlowControl;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;
using Edge.Http2.Settings;
using Edge.Http2.Streams;
using Edge.Transport;

namespace Edge.Http2.Server;

/// <summary>
/// Serves HTTP/2 on one client connection (RFC 9113), cleartext with prior knowledge (h2c) or over TLS
/// with ALPN h2. One read loop owns the input: it cuts frames (<see cref="Http2FrameReader"/>), checks them
/// against the §5.1 state table, the flow-control windows and the flood detector, decodes header blocks
/// and starts one exchange per request stream on the thread pool, handed to the same gateway core as
/// HTTP/1.1. Responses are written by the streams themselves: frames go into the transport's output pipe
/// under one lock (HPACK encoding happens inside it, so table order is wire order), flushes are coalesced
/// (one scheduled flush serves every stream that wrote meanwhile). Split by aspect: <c>.Frames.cs</c>
/// (frame handlers), <c>.Streams.cs</c> (header blocks, stream lifecycle), <c>.Output.cs</c> (writes,
/// flow control, flushing), <c>.Shutdown.cs</c> (GOAWAY, drain, timers).
/// <para>
/// Errors never throw on peer input: each check returns an <see cref="Http2Error"/>; a stream error
/// resets that stream (and spends the reset budget, SECURITY.md case 32), a connection error ends the
/// connection with GOAWAY(last stream id, code) and a short debug text (docs/http2.md).
/// </para>
/// </summary>
internal sealed partial class Http2ServerConnection : IServerConnection, IThreadPoolWorkItem
{
    private readonly ITransport _transport;
    private readonly HttpServerOptions _options;
    private readonly Http2Limits _limits;
    private readonly IConnectionLifetime? _lifetime;
    private readonly Http2ServerStats _stats;
    private readonly Lock _lock = new();
    private readonly PipeWriter _output;
    private readonly long _frequency = Stopwatch.Frequency;

    private readonly HpackDecoder _decoder;
    private readonly HpackEncoder _encoder = new();
    private readonly Http2HeaderBlockBuffer _headerBlock = new();
    private readonly Http2HeaderBlockAssembler _assembler;
    private readonly Http2LocalSettings _local;
    private readonly Http2PeerSettings _peer = new();
    private readonly Http2FloodDetector _flood;
    private readonly Http2StreamIds _ids = new(Http2Role.Server);
    private readonly Http2ClosedStreams _closed;
    private Http2SendWindow _sendWindow = new(Http2Settings.DefaultInitialWindowSize);
    private Http2ReceiveWindow _receiveWindow = new(Http2Settings.DefaultInitialWindowSize);
    private Http2StallTimer _connectionStall;

    private readonly Dictionary<int, Http2Stream> _streams = new();
    private readonly Stack<Http2Stream> _pool = new();
    private readonly List<Http2Stream> _windowWaiters = new();
    private readonly List<Http2Stream> _flushWaiters = new();
    private readonly IPEndPointHolder _remote;
    private readonly ClientCertificateIdentity? _clientCertificate;

    /// <summary>Exchanges started and not finished: what SETTINGS_MAX_CONCURRENT_STREAMS limits.</summary>
    private int _activeExchanges;
    private int _streamsStarted;
    private long _lastActivity;

    /// <summary>The HTTP/1.1 request that upgraded to this connection (RFC 7540 §3.2), or null for a connection that began as HTTP/2.</summary>
    private readonly H2cUpgradeRequest? _upgrade;

    public Http2ServerConnection(ITransport transport, IExchangeHandler handler, HttpServerOptions options, Http2Limits limits,
        Http2ServerStats stats, IConnectionLifetime? lifetime = null, H2cUpgradeRequest? upgrade = null)
    {
        _upgrade = upgrade;
        _transport = transport;
        Handler = handler;
        _options = options;
        _limits = limits;
        _lifetime = lifetime;
        _stats = stats;
        _output = transport.Output;
        var now = Stopwatch.GetTimestamp();
        _decoder = new HpackDecoder(limits.MaxHeaderListSize, limits.HeaderTableSize);
        _assembler = new Http2HeaderBlockAssembler(limits.MaxHeaderBlockBytes, limits.MaxContinuationFrames, limits.HeaderBlockTimeout, _frequency);
        _local = new Http2LocalSettings(limits.ToSettings(), limits.SettingsAckTimeout, _frequency);
        _flood = new Http2FloodDetector(limits.Flood, _frequency, now);
        _closed = new Http2ClosedStreams(2 * limits.MaxConcurrentStreams);
        _remote = new IPEndPointHolder(transport.RemoteEndPoint);
        _clientCertificate = ClientCertificateIdentity.Of(transport);
        _lastActivity = now;
    }

    internal IExchangeHandler Handler { get; }

    /// <summary>Why the connection ended, for logs and metrics.</summary>
    public ConnectionEndReason EndReason { get; private set; }

    /// <summary>The error the connection ended with (GOAWAY code and reason), or none for a clean end.</summary>
    public Http2Error CloseError => _closeError;

    /// <summary>The flood that ended the connection, or <see cref="FloodKind.None"/>.</summary>
    public FloodKind Flood { get; private set; }

    /// <summary>Serves the connection until the client leaves, an error or flood ends it, or the server drains.</summary>
    public async Task ProcessAsync()
    {
        var input = _transport.Input;
        Http2Heartbeat.Register(this);
        try
        {
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                // After an h2c upgrade the 101 comes first, then the HTTP/2 preface (RFC 7540 §3.2).
                if (_upgrade is not null) WriteSwitchingProtocolsLocked();
                // §3.4: the server preface is a SETTINGS frame, sent at once (no need to wait for the client's);
                // then the connection window, which SETTINGS cannot change, goes to its size (§6.9.2).
                _local.Write(_output, now);
                var increment = _receiveWindow.Resize(_limits.ConnectionWindowSize);
                if (increment > 0) Http2FrameWriter.WriteWindowUpdate(_output, 0, increment);
                var upgradeError = _upgrade is null ? Http2Error.None : StartUpgradedStreamLocked(_upgrade, now);
                if (upgradeError.IsError) Fail(upgradeError);
                RequestFlushLocked();
                if (_closeError.IsError)
                {
                    EndReason = ConnectionEndReason.ProtocolError;
                    return;
                }
            }
            if (!await ReadPrefaceAsync(input).ConfigureAwait(false)) return;
            _stats.OnConnection();
            await ReadFramesAsync(input).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The transport broke (reset, abort): nothing more can be said to the client.
            if (EndReason == ConnectionEndReason.None) EndReason = ConnectionEndReason.ClientAborted;
            lock (_lock) _transportBroken = true;
        }
        finally
        {
            Http2Heartbeat.Unregister(this);
            await ShutdownAsync(input).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The client preface (§3.4), within the header timeout. A cleartext listener already peeked it to
    /// choose HTTP/2; over TLS, ALPN chose, and a client that then sends anything else gets GOAWAY(PROTOCOL_ERROR).
    /// </summary>
    private async ValueTask<bool> ReadPrefaceAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(_options.HeaderTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                EndReason = ConnectionEndReason.HeaderTimeout;
                _closeError = Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.InvalidPreface);
                return false;
            }
            var buffer = result.Buffer;
            var status = Http2Preface.Check(buffer);
            if (status == Http2PrefaceStatus.Preface)
            {
                input.AdvanceTo(buffer.GetPosition(Http2Preface.Length));
                return true;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (status == Http2PrefaceStatus.NotPreface)
            {
                EndReason = ConnectionEndReason.ProtocolError;
                _closeError = Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.InvalidPreface);
                return false;
            }
            if (result.IsCompleted)
            {
                EndReason = ConnectionEndReason.ClientClosed;
                return false;
            }
        }
    }

    /// <summary>The frame loop: one lock per input batch, every complete frame in it handled, then one flush.</summary>
    private async Task ReadFramesAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                while (_closeError.IsNone && !_transportBroken)
                {
                    if (!Http2FrameReader.TryReadFrame(ref buffer, _limits.MaxFrameSize, out var frame, out var error))
                    {
                        if (error.IsError) Fail(error);
                        break;
                    }
                    error = ProcessFrame(frame, now);
                    if (error.IsStreamError) error = ResetForPeerError(error, now);
                    if (error.IsConnectionError) Fail(error);
                }
                if (_wroteSinceFlush) RequestFlushLocked();
            }
            input.AdvanceTo(buffer.Start, result.Buffer.End);
            lock (_lock)
            {
                if (_closeError.IsError || _transportBroken) return;
                if (_finalGoAwaySent && _activeExchanges == 0)
                {
                    EndReason = _lifetime?.IsDraining == true ? ConnectionEndReason.ServerDraining : ConnectionEndReason.ConnectionClose;
                    return;
                }
            }
            if (result.IsCompleted)
            {
                EndReason = ConnectionEndReason.ClientClosed;
                return;
            }
        }
    }

    private void Fail(Http2Error error)
    {
        if (_closeError.IsNone) _closeError = error.ToConnectionError();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _frequency);

    /// <summary>Holds the remote end point once per connection (every exchange shares it).</summary>
    private sealed record IPEndPointHolder(System.Net.IPEndPoint? EndPoint);

    private static byte[] DebugData(Http2ErrorReason reason) => Encoding.ASCII.GetBytes(Http2ErrorReasons.Message(reason));
}
