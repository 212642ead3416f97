using System.Runtime.CompilerServices;
using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Edge.Http;
using Edge.Transport;

namespace Edge.Http1;

/// <summary>
/// Serves HTTP/1.x on one client connection (RFC 9112): reads a head, hands the exchange to the gateway
/// core, makes sure the request body is finished, and loops for keep-alive and pipelined requests
/// (answered strictly in order, one at a time). A malformed request gets its 4xx and the connection
/// closes. Split by aspect: <c>.Head.cs</c> reading heads with the idle and header timers,
/// <c>.Reject.cs</c> refusals.
/// </summary>
internal sealed partial class Http1ServerConnection : IServerConnection
{
    private readonly ITransport _transport;
    private readonly IExchangeHandler _handler;
    private readonly HttpServerOptions _options;
    private readonly Http1Parser _parser;
    private readonly ChunkedDecoder _chunked;
    private readonly HttpRequestHead _head = new();
    private readonly Exchange _exchange;
    private readonly Http1RequestBody _body;
    private readonly Http1ResponseSink _sink;
    private readonly CancellationTokenSource _timer = new();

    /// <summary>
    /// Cancelled when the connection is cut from outside (drain deadline, removed listener): the exchange
    /// in flight sees it as <see cref="Exchange.Aborted"/>, so an upstream request waiting for its head is
    /// abandoned at once rather than at the response timeout. Cancelled at most once, never reset: the
    /// connection ends with it. Needs no Dispose (no timer, no wait handle).
    /// </summary>
    private readonly CancellationTokenSource _aborted = new();
    private readonly IConnectionLifetime? _lifetime;
    private Http1MessageFraming _framing;
    private Http1UpgradeFeature? _upgrade;
    private bool _lingerOnClose;

    public Http1ServerConnection(ITransport transport, IExchangeHandler handler, HttpServerOptions options, IConnectionLifetime? lifetime = null)
    {
        _transport = transport;
        _handler = handler;
        _options = options;
        _lifetime = lifetime;
        _parser = new Http1Parser(options.Limits);
        _chunked = new ChunkedDecoder(options.Limits);
        _exchange = new Exchange(_head)
        {
            RemoteEndPoint = transport.RemoteEndPoint,
            IsHttps = options.IsHttps,
            ClientCertificate = ClientCertificateIdentity.Of(transport),
        };
        _body = new Http1RequestBody(this);
        _sink = new Http1ResponseSink(this);
        _exchange.Response = _sink;
    }

    internal PipeReader Input => _transport.Input;
    internal PipeWriter Output => _transport.Output;
    internal HttpServerOptions Options => _options;
    internal ChunkedDecoder Chunked => _chunked;
    internal HttpRequestHead Head => _head;
    internal Exchange Exchange => _exchange;
    internal Http1ResponseSink Sink => _sink;

    /// <summary>True once the server started a graceful drain (checked again when a response head is written).</summary>
    internal bool IsDraining => _lifetime?.IsDraining == true;

    /// <summary>Why the connection ended, for logs and metrics.</summary>
    public ConnectionEndReason EndReason { get; private set; }

    /// <summary>
    /// Set when the last request asked for <c>Upgrade: h2c</c> on a listener that honours it: the caller goes
    /// on with HTTP/2 on the same transport (which writes the 101). The output is left open for it.
    /// </summary>
    public H2cUpgradeRequest? UpgradeToHttp2 { get; private set; }

    /// <summary>Serves requests until the client leaves, an error closes the connection or the server drains.</summary>
    public async Task ProcessAsync()
    {
        try
        {
            while (true)
            {
                _parser.Reset();
                _framing = default;
                _exchange.ResetResults();
                // Nothing of this exchange's response is written yet: a refusal of its head must still
                // answer with its 4xx instead of being taken for a response already under way.
                _sink.Start(HttpVersion.Http11, keepAlive: false);
                var read = await ReadHeadAsync().ConfigureAwait(false);
                if (read != HeadReadResult.Complete)
                {
                    EndReason = read == HeadReadResult.IdleTimeout ? ConnectionEndReason.IdleTimeout : ConnectionEndReason.ClientClosed;
                    return;
                }
                if (!await ServeOneAsync().ConfigureAwait(false)) return;
                _head.Release();
            }
        }
        catch (BadHttpMessageException e)
        {
            EndReason = ConnectionEndReason.BadRequest;
            // The rest of a refused head or body may still be on its way (e.g. a 431 for huge fields).
            _lingerOnClose = true;
            await RejectAsync(e.Reason).ConfigureAwait(false);
            _handler.OnRejected(_exchange);
        }
        catch (HeaderTimeoutException)
        {
            EndReason = ConnectionEndReason.HeaderTimeout;
            await RejectWithTimeoutAsync().ConfigureAwait(false);
            _handler.OnRejected(_exchange);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client vanished or a send/body timer fired: nothing can be answered any more.
            if (EndReason == ConnectionEndReason.None) EndReason = ConnectionEndReason.ClientAborted;
            _transport.Abort();
        }
        finally
        {
            _head.Release();
            _timer.Dispose();
            if (UpgradeToHttp2 is null)
            {
                await _transport.Output.CompleteAsync().ConfigureAwait(false);
                if (_lingerOnClose && _transport.ResetsUnreadInput) await LingerAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One exchange. False when the connection must close afterwards.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeOneAsync()
    {
        var framing = _framing.Complete(_options.Limits.MaxRequestBodyBytes);
        _head.MarkConnectionNominatedFields();
        _exchange.Protocol = _head.Version == HttpVersion.Http10 ? HttpProtocol.Http10 : HttpProtocol.Http11;
        _exchange.Aborted = _aborted.Token;
        var expectContinue = _head.Version == HttpVersion.Http11 && _head.TryGetHeader(KnownHeader.Expect, out var expect)
            && System.Text.Ascii.EqualsIgnoreCase(expect, "100-continue"u8);
        _body.Start(framing, expectContinue, _parser.HeadBytesRemaining);
        _exchange.RequestBody = framing.Body == Http1BodyKind.None ? EmptyBody.Instance : _body;
        var draining = _lifetime?.IsDraining == true;
        if (_options.H2cUpgrade && !draining && H2cUpgradeCheck.TryCreate(_head, framing, _exchange.StartTimestamp) is { } h2c)
        {
            // RFC 7540 §3.2: the request becomes stream 1 of an HTTP/2 connection; nothing more is read as HTTP/1.1.
            UpgradeToHttp2 = h2c;
            EndReason = ConnectionEndReason.UpgradedToHttp2;
            return false;
        }
        _exchange.Upgrade = IsUpgradable(framing, draining) ? _upgrade ??= new Http1UpgradeFeature(this, _transport) : null;
        _sink.Start(_head.Version, keepAlive: framing.KeepAlive && !framing.Tunnel && !draining);
        _handling = true;
        if (framing.Body == Http1BodyKind.None) StartDisconnectWatch();
        try
        {
            await _handler.HandleAsync(_exchange).ConfigureAwait(false);
        }
        finally
        {
            _handling = false;
            await StopDisconnectWatchAsync().ConfigureAwait(false);
        }

        if (!_sink.HasStarted)
        {
            // The core must always answer; treat silence as an internal error rather than hang the client.
            _sink.CloseAfter = true;
            await _sink.WriteSimpleAsync(500, ProtocolErrorBodies.ContentType, ProtocolErrorBodies.InternalError).ConfigureAwait(false);
        }
        if (_upgrade?.Switched == true)
        {
            // The connection carried a tunnel and ended with it: no more HTTP on it (RFC 9110 §7.8).
            EndReason = ConnectionEndReason.Tunnel;
            return false;
        }
        if (_sink.Aborted)
        {
            EndReason = ConnectionEndReason.ResponseAborted;
            _transport.Abort();
            return false;
        }
        if (_sink.CloseAfter || _exchange.CloseAfterResponse) 
        {
            EndReason = ConnectionEndReason.ConnectionClose;
            _lingerOnClose = !_body.IsComplete;
            return false;
        }
        // The next request starts after this one's body: finish it (RFC 9112 §9.3: framing must stay in sync).
        if (!await _body.DrainAsync(_options.MaxDrainBytes).ConfigureAwait(false))
        {
            EndReason = ConnectionEndReason.UnreadBody;
            _lingerOnClose = true;
            return false;
        }
        return true;
    }

    internal void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version)
    {
        _head.SetRequestLine(method, knownMethod, target, version);
        _framing.StartRequest(knownMethod, version);
    }

    internal void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        _framing.OnHeader(name, value);
        _head.AddHeader(name, value);
    }

    /// <summary>
    /// An upgrade may be offered to the core only for an HTTP/1.1 request with Connection: upgrade and an
    /// Upgrade field (RFC 9110 §7.8: a server MUST ignore Upgrade in HTTP/1.0) and without a body — bytes
    /// after the head are then either the next request or, after a 101, tunnel data, never a body. A
    /// draining server offers none: a new tunnel would only be cut at the drain deadline.
    /// </summary>
    private bool IsUpgradable(Http1Framing framing, bool draining) =>
        framing.UpgradeRequested && !draining && _head.Version == HttpVersion.Http11
        && (framing.Body == Http1BodyKind.None || (framing.Body == Http1BodyKind.ContentLength && framing.ContentLength == 0));

    /// <summary>Cuts the connection at once (drain deadline, removed listener, abandoned body); a tunnel on it ends both ways.</summary>
    public void AbortTransport()
    {
        _upgrade?.OnConnectionAborted();
        _transport.Abort();
        _aborted.Cancel();
    }
}
