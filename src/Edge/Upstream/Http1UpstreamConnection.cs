using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Edge.Http;
using Edge.Http1;
using Edge.Transport;
using Edge.Transport.Tls;

namespace Edge.Upstream;

/// <summary>
/// One pooled HTTP/1.1 connection to an upstream endpoint: writes a request head and body, reads the
/// response head with the same strict parser as client requests (a malformed response is a 502 and the
/// connection is never reused, SECURITY.md case 61), and exposes the response body as a body source.
/// Split by aspect: <c>.Request.cs</c> writes, <c>.Response.cs</c> reads, <c>.Tunnel.cs</c> is the
/// connection after a 101.
/// </summary>
internal sealed partial class Http1UpstreamConnection : IAsyncDisposable
{
    /// <summary>Interim (1xx) responses accepted before the final one (SECURITY.md case 61: 1,000× 100 Continue is an attack).</summary>
    private const int MaxInterimResponses = 8;

    private readonly ITransport _transport;
    private readonly UpstreamPoolOptions _options;
    private readonly Http1Parser _parser;
    private readonly ChunkedDecoder _chunked;
    private readonly HttpResponseHead _head = new();
    private readonly CancellationTokenSource _timer = new();
    private Http1MessageFraming _framing;
    private Http1Framing _responseFraming;
    private KnownMethod _requestMethod;
    private bool _broken;
    private bool _disposed;

    private Http1UpstreamConnection(ITransport transport, UpstreamEndpoint endpoint, UpstreamPoolOptions options)
    {
        _transport = transport;
        Endpoint = endpoint;
        _options = options;
        _parser = new Http1Parser(options.Limits);
        _chunked = new ChunkedDecoder(options.Limits);
        _body = new ResponseBody(this);
    }

    public UpstreamEndpoint Endpoint { get; }

    /// <summary>When it went back to the pool (Stopwatch ticks), for idle eviction.</summary>
    public long IdleSince { get; set; }

    public HttpResponseHead Head => _head;
    public Http1Framing ResponseFraming => _responseFraming;

    /// <summary>
    /// Fit for another request: the last exchange ended cleanly on a keep-alive response, and nothing
    /// follows it on the wire — bytes beyond the response's framing, or the upstream's FIN, mean the
    /// connection is never pooled (SECURITY.md case 61).
    /// </summary>
    public bool IsReusable => !_broken && !_disposed && !_upgraded && _responseFraming.KeepAlive && _body.IsComplete && IsAliveWhileIdle();

    /// <summary>Marks the connection unusable (an error or an abandoned body leaves its framing unknown).</summary>
    public void MarkBroken() => _broken = true;

    /// <summary>
    /// A new connection: TCP connect, then for an https:// endpoint the TLS handshake, both within the
    /// connect timeout. A failed handshake is logged (rate-limited) with its reason and thrown as a
    /// <see cref="TlsHandshakeException"/>, which the forwarder treats as a failed connect (503).
    /// </summary>
    public static async ValueTask<Http1UpstreamConnection> ConnectAsync(UpstreamEndpoint endpoint, UpstreamPoolOptions options, CancellationToken cancellationToken)
    {
        if (endpoint.Connector is { } connector)
            return new Http1UpstreamConnection(await connector(cancellationToken).ConfigureAwait(false), endpoint, options);
        if (endpoint.Address is null) throw new SocketException((int)SocketError.HostNotFound);
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint.Address, timeout.Token).ConfigureAwait(false);
            if (endpoint.Tls is { } tls)
                return new Http1UpstreamConnection(await HandshakeAsync(socket, endpoint, tls, options, timeout, cancellationToken).ConfigureAwait(false), endpoint, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var transport = new SocketConnection(socket);
        transport.Start();
        return new Http1UpstreamConnection(transport, endpoint, options);
    }

    private static async ValueTask<ITransport> HandshakeAsync(Socket socket, UpstreamEndpoint endpoint, System.Net.Security.SslClientAuthenticationOptions tls,
        UpstreamPoolOptions options, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await TlsHandshake.ConnectAsync(socket, tls, timeout.Token).ConfigureAwait(false);
        }
        catch (TlsHandshakeException e)
        {
            options.Tls?.Log?.Write($"edge: upstream TLS handshake with {endpoint.Url} (server name \"{tls.TargetHost}\") failed: {e.Reason}");
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            options.Tls?.Log?.Write($"edge: upstream TLS handshake with {endpoint.Url} (server name \"{tls.TargetHost}\") did not complete within the connect timeout ({options.ConnectTimeout.TotalSeconds:0.###} s)");
            throw;
        }
    }

    /// <summary>
    /// True when the idle connection is still usable: the upstream has neither closed it nor sent
    /// unsolicited bytes while it sat in the pool (either makes it unusable). Allocation-free poll.
    /// </summary>
    public bool IsAliveWhileIdle()
    {
        if (_broken || _disposed) return false;
        if (_transport.Input.TryRead(out var result))
        {
            _transport.Input.AdvanceTo(result.Buffer.Start);
            return false;
        }
        return true;
    }

    /// <summary>Closes at once (RST): used when the exchange failed midway so the upstream sees an abort, never a complete request.</summary>
    public void Abort()
    {
        _broken = true;
        _transport.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        _head.Release();
        _timer.Dispose();
        if (_broken) _transport.Abort();
        await _transport.Output.CompleteAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    internal PipeReader Input => _transport.Input;
    internal PipeWriter Output => _transport.Output;

    private void Arm(TimeSpan timeout) => _timer.CancelAfter(timeout);
    private void Disarm() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    private static long Now => Stopwatch.GetTimestamp();
}
