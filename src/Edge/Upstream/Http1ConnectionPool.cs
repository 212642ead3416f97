using System.Runtime.CompilerServices;
using System.Diagnostics;

namespace Edge.Upstream;

/// <summary>
/// Keep-alive connections to one endpoint: bounded (at most MaxConnections open, leased or idle),
/// reused last-in-first-out (the warmest connection first, so surplus ones age out), evicted when idle
/// past the idle timeout, and retired when the upstream closed them while they sat idle. A sweep timer
/// closes idle connections even when no request comes.
/// </summary>
internal sealed class Http1ConnectionPool : IAsyncDisposable
{
    private readonly UpstreamEndpoint _endpoint;
    private readonly UpstreamPoolOptions _options;
    private readonly Http1UpstreamConnection[] _idle;
    private readonly SemaphoreSlim _slots;
    private readonly Timer _sweeper;
    private readonly Lock _lock = new();
    private int _idleCount;
    private bool _disposed;
    private long _created;
    private long _reused;

    public Http1ConnectionPool(UpstreamEndpoint endpoint, UpstreamPoolOptions options)
    {
        _endpoint = endpoint;
        _options = options;
        _idle = new Http1UpstreamConnection[options.MaxConnections];
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 2, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
        _sweeper = new Timer(static s => ((Http1ConnectionPool)s!).Sweep(), this, period, period);
    }

    public int IdleCount => Volatile.Read(ref _idleCount);
    public int OpenCount => _options.MaxConnections - _slots.CurrentCount;
    public long Created => Interlocked.Read(ref _created);
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>A live connection: a pooled one when available (<paramref name="reused"/> true), else a new one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(Http1UpstreamConnection Connection, bool Reused)> RentAsync(CancellationToken cancellationToken)
    {
        while (TryPopIdle(out var idle))
        {
            if (idle.IsAliveWhileIdle() && !IsExpired(idle))
            {
                Interlocked.Increment(ref _reused);
                return (idle, true);
            }
            await CloseAsync(idle).ConfigureAwait(false);
        }
        if (!await _slots.WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false))
            throw new TimeoutException($"all {_options.MaxConnections} connections to {_endpoint.Url} are busy");
        try
        {
            var connection = await Http1UpstreamConnection.ConnectAsync(_endpoint, _options, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _created);
            return (connection, false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Takes a connection back after an exchange; keeps it only when its framing ended cleanly.</summary>
    public ValueTask ReturnAsync(Http1UpstreamConnection connection)
    {
        if (connection.IsReusable)
        {
            connection.IdleSince = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (!_disposed && _idleCount < _idle.Length)
                {
                    _idle[_idleCount++] = connection;
                    return ValueTask.CompletedTask;
                }
            }
        }
        return CloseAsync(connection);
    }

    private bool TryPopIdle(out Http1UpstreamConnection connection)
    {
        lock (_lock)
        {
            if (_idleCount == 0)
            {
                connection = null!;
                return false;
            }
            connection = _idle[--_idleCount];
            _idle[_idleCount] = null!;
            return true;
        }
    }

    private bool IsExpired(Http1UpstreamConnection c) =>
        Stopwatch.GetElapsedTime(c.IdleSince) >= _options.IdleTimeout;

    private async ValueTask CloseAsync(Http1UpstreamConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Closes idle connections that expired or that the upstream closed (oldest sit at the bottom).</summary>
    private void Sweep()
    {
        List<Http1UpstreamConnection>? dead = null;
        lock (_lock)
        {
            var kept = 0;
            for (var i = 0; i < _idleCount; i++)
            {
                var c = _idle[i];
                if (c.IsAliveWhileIdle() && !IsExpired(c))
                {
                    _idle[kept++] = c;
                }
                else
                {
                    (dead ??= new()).Add(c);
                }
            }
            for (var i = kept; i < _idleCount; i++) _idle[i] = null!;
            _idleCount = kept;
        }
        if (dead is null) return;
        foreach (var c in dead) _ = CloseAsync(c).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        Http1UpstreamConnection[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = _idle[.._idleCount];
            Array.Clear(_idle);
            _idleCount = 0;
        }
        foreach (var c in idle) await CloseAsync(c).ConfigureAwait(false);
    }
}
