using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Edge.Http2.Client;
using Edge.Transport;
using Edge.Transport.Tls;

namespace Edge.Upstream;

/// <summary>
/// A few multiplexed HTTP/2 connections to one endpoint. A request takes a stream on the least-loaded
/// connection below its peer's SETTINGS_MAX_CONCURRENT_STREAMS; when every connection is full a new one
/// is opened (one connect at a time, at most <see cref="UpstreamPoolOptions.MaxHttp2Connections"/>); beyond
/// that the request waits for a free stream — at most <see cref="UpstreamPoolOptions.MaxHttp2Waiters"/>
/// requests, each at most the connect timeout — and then fails like a full HTTP/1.1 pool
/// (TimeoutException → 503, 101503). Dead connections and GOAWAY'd ones leave the pool; idle ones
/// (no stream for the idle timeout) are closed by a sweep.
/// </summary>
internal sealed class Http2ConnectionPool : IAsyncDisposable
{
    private readonly UpstreamEndpoint _endpoint;
    private readonly UpstreamPoolOptions _options;
    private readonly Http2ClientOptions _clientOptions;
    private readonly Http2ClientConnection?[] _connections;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Timer _sweeper;
    private readonly Lock _lock = new();
    private readonly Action<Http2ClientConnection> _onChanged;
    private int _count;
    private int _connecting;
    private int _waiters;
    private bool _disposed;
    private long _created;

    public Http2ConnectionPool(UpstreamEndpoint endpoint, UpstreamPoolOptions options)
    {
        _endpoint = endpoint;
        _options = options;
        _clientOptions = new Http2ClientOptions
        {
            ConnectTimeout = options.ConnectTimeout,
            ResponseTimeout = options.ResponseTimeout,
            BodyIdleTimeout = options.BodyIdleTimeout,
        };
        _connections = new Http2ClientConnection?[Math.Max(1, options.MaxHttp2Connections)];
        _onChanged = OnChanged;
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 2, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
        _sweeper = new Timer(static s => ((Http2ConnectionPool)s!).Sweep(), this, period, period);
    }

    /// <summary>Open connections (for tests and metrics).</summary>
    public int OpenCount
    {
        get
        {
            lock (_lock) return _count;
        }
    }

    public long Created => Interlocked.Read(ref _created);

    /// <summary>
    /// A connection with a stream slot reserved for the caller (release it through
    /// <see cref="Http2ClientConnection.Release"/> or <see cref="Http2ClientConnection.StartRequest{THead}"/>).
    /// Throws what a connect throws, <see cref="Http2NotSupportedException"/> when the peer is not HTTP/2,
    /// and TimeoutException when no stream frees up within the connect timeout.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http2ClientConnection> RentAsync(CancellationToken cancellationToken)
    {
        long deadline = 0;
        while (true)
        {
            bool connect;
            lock (_lock)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(Http2ConnectionPool));
                if (TryReserveLocked() is { } ready) return ready;
                // One connect at a time: the connection it brings carries many streams, so the requests that
                // arrive meanwhile wait for it rather than each opening their own.
                connect = _connecting == 0 && _count < _connections.Length;
                if (connect) _connecting++;
                else if (_waiters >= _options.MaxHttp2Waiters) throw new TimeoutException($"{_options.MaxHttp2Waiters} requests already wait for an HTTP/2 stream to {_endpoint.Url}");
                else _waiters++;
            }
            if (connect)
            {
                Http2ClientConnection connection;
                try
                {
                    connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    lock (_lock) _connecting--;
                    OnChanged(null!);
                    throw;
                }
                Interlocked.Increment(ref _created);
                connection.Changed = _onChanged;
                var reserved = connection.TryReserve();
                lock (_lock)
                {
                    _connecting--;
                    _connections[_count++] = connection;
                }
                OnChanged(connection);
                if (reserved) return connection;
                continue;
            }
            try
            {
                if (deadline == 0) deadline = Stopwatch.GetTimestamp() + (long)(_options.ConnectTimeout.TotalSeconds * Stopwatch.Frequency);
                var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
                if (left <= TimeSpan.Zero || !await _changed.WaitAsync(left, cancellationToken).ConfigureAwait(false))
                    throw new TimeoutException($"all HTTP/2 streams to {_endpoint.Url} are busy");
            }
            finally
            {
                lock (_lock) _waiters--;
            }
        }
    }

    /// <summary>The least-loaded usable connection with a free stream; drops dead ones on the way.</summary>
    private Http2ClientConnection? TryReserveLocked()
    {
        Http2ClientConnection? best = null;
        var bestLoad = int.MaxValue;
        for (var i = 0; i < _count; i++)
        {
            var c = _connections[i]!;
            if (c.IsDead)
            {
                RemoveAtLocked(i--);
                // Its read loop ended; close the transport on the thread pool (never under this lock).
                ThreadPool.UnsafeQueueUserWorkItem(static dead => _ = dead.DisposeAsync().AsTask(), c, preferLocal: false);
                continue;
            }
            if (!c.IsUsable) continue; // draining after GOAWAY: its streams finish, it takes no new ones
            var load = c.ActiveStreams;
            if (load < c.MaxStreams && load < bestLoad)
            {
                best = c;
                bestLoad = load;
            }
        }
        // Another request may have taken the last slot between the scan and here: then look again next round.
        return best is not null && best.TryReserve() ? best : null;
    }

    private void RemoveAtLocked(int index)
    {
        _connections[index] = _connections[--_count];
        _connections[_count] = null;
    }

    /// <summary>A stream freed up, a connection died or changed its limits: wake one waiter.</summary>
    private void OnChanged(Http2ClientConnection connection)
    {
        List<Http2ClientConnection>? closing = null;
        lock (_lock)
        {
            // A connection that got GOAWAY and has no stream left is closed now.
            for (var i = 0; i < _count; i++)
            {
                var c = _connections[i]!;
                if (!c.IsUsable && c.ActiveStreams == 0)
                {
                    (closing ??= new()).Add(c);
                    RemoveAtLocked(i--);
                }
            }
            if (_waiters > 0 && _changed.CurrentCount < _waiters) _changed.Release();
        }
        if (closing is not null) foreach (var c in closing) _ = c.DisposeAsync().AsTask();
    }

    /// <summary>TCP (and TLS with ALPN) connect, then the HTTP/2 handshake, all within the connect timeout.</summary>
    private async ValueTask<Http2ClientConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        ITransport transport;
        // Tests and benchmarks run the upstream in memory: the transport is then spoken to with prior knowledge.
        if (_endpoint.Connector is { } connector)
        {
            transport = await connector(timeout.Token).ConfigureAwait(false);
        }
        else
        {
            if (_endpoint.Address is null) throw new SocketException((int)SocketError.HostNotFound);
            var socket = new Socket(_endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(_endpoint.Address, timeout.Token).ConfigureAwait(false);
                transport = _endpoint.H2Tls is { } tls ? await HandshakeAsync(socket, tls, timeout.Token).ConfigureAwait(false) : StartSocket(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        return await Http2ClientConnection.StartAsync(transport, _clientOptions, _endpoint.Url, timeout.Token).ConfigureAwait(false);
    }

    private static ITransport StartSocket(Socket socket)
    {
        var connection = new SocketConnection(socket);
        connection.Start();
        return connection;
    }

    /// <summary>TLS with ALPN; the peer must select h2 (protocol "h2", or "auto" where http/1.1 means: use HTTP/1.1).</summary>
    private async ValueTask<ITransport> HandshakeAsync(Socket socket, SslClientAuthenticationOptions tls, CancellationToken cancellationToken)
    {
        TlsConnection connection;
        try
        {
            connection = await TlsHandshake.ConnectAsync(socket, tls, cancellationToken).ConfigureAwait(false);
        }
        catch (TlsHandshakeException e)
        {
            _options.Tls?.Log?.Write($"edge: upstream TLS handshake with {_endpoint.Url} (server name \"{tls.TargetHost}\") failed: {e.Reason}");
            throw;
        }
        if (connection.Info.ApplicationProtocol != SslApplicationProtocol.Http2)
        {
            connection.Abort();
            await connection.DisposeAsync().ConfigureAwait(false);
            if (_endpoint.Protocol != UpstreamWireProtocol.Auto)
                _options.Tls?.Log?.Write($"edge: upstream {_endpoint.Url} did not select ALPN h2 (protocol = \"h2\"); requests to it fail with 503. Use protocol = \"auto\" or \"http1\" for an HTTP/1.1-only upstream");
            throw new Http2NotSupportedException($"{_endpoint.Url} did not select ALPN h2");
        }
        return connection;
    }

    /// <summary>Closes connections idle past the idle timeout, and dead ones.</summary>
    private void Sweep()
    {
        List<Http2ClientConnection>? closing = null;
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                var c = _connections[i]!;
                var idle = c.ActiveStreams == 0 && Stopwatch.GetElapsedTime(c.IdleSince) >= _options.IdleTimeout;
                if (c.IsDead || idle)
                {
                    (closing ??= new()).Add(c);
                    RemoveAtLocked(i--);
                }
            }
        }
        if (closing is not null) foreach (var c in closing) _ = c.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        Http2ClientConnection[] all;
        lock (_lock)
        {
            _disposed = true;
            all = _connections[.._count]!;
            Array.Clear(_connections);
            _count = 0;
        }
        foreach (var c in all) await c.DisposeAsync().ConfigureAwait(false);
    }
}
