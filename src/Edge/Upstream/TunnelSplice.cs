using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Edge.Http;

namespace Edge.Upstream;

/// <summary>
/// Copies raw bytes both ways between the client and the upstream after a protocol switch (HAProxy's
/// tunnel mode, YARP's two StreamCopiers), until both directions ended:
/// <code>
///  client.Input ──▶ pump ──▶ upstream.Output     FIN in → complete (FIN) out; the other way goes on
///  client.Output ◀── pump ◀── upstream.Input     reset or dead output → both sides reset at once
/// </code>
/// Bytes already buffered in an input (pipelined after a head) come out first, in order. Memory is
/// bounded by the pipes' pause thresholds: a pump copies what its input holds, then waits for the
/// output's flush, so a side that stops reading stops the other side's reads (back-pressure). Copying
/// into the output pipe's pooled blocks allocates nothing per chunk. A tunnel in which no byte moved
/// either way for the idle timeout is reset (nginx's proxy_read_timeout, HAProxy's timeout tunnel).
/// One instance per tunnel; <see cref="RunAsync"/> once.
/// </summary>
internal sealed class TunnelSplice
{
    /// <summary>Bytes copied per flush at most: the socket pipes' pause threshold (<see cref="Transport.SocketConnection.MaxOutputBuffer"/>).</summary>
    private const int MaxCopy = 64 * 1024;

    private readonly ITunnelEnd _client;
    private readonly ITunnelEnd _upstream;
    private readonly long _idleMilliseconds;
    private Timer? _idleTimer;
    private long _lastActivity;
    private int _end;
    private long _toClient;
    private long _fromClient;

    public TunnelSplice(ITunnelEnd client, ITunnelEnd upstream, TimeSpan idleTimeout)
    {
        _client = client;
        _upstream = upstream;
        _idleMilliseconds = Math.Max(1, (long)idleTimeout.TotalMilliseconds);
    }

    /// <summary>Bytes passed from the upstream to the client.</summary>
    public long BytesToClient => Interlocked.Read(ref _toClient);

    /// <summary>Bytes passed from the client to the upstream.</summary>
    public long BytesFromClient => Interlocked.Read(ref _fromClient);

    /// <summary>How the tunnel ended (<see cref="TunnelEndReason.None"/> while it runs).</summary>
    public TunnelEndReason EndReason => (TunnelEndReason)Volatile.Read(ref _end);

    /// <summary>
    /// Runs the tunnel to its end. Never throws: failures end it with a reason. <paramref name="aborted"/>
    /// ends it at once, both ways (the server cut the client connection).
    /// </summary>
    public async Task<TunnelEndReason> RunAsync(CancellationToken aborted)
    {
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        // One timer per tunnel, re-armed for the rest of the idle period when it finds recent activity,
        // so the pumps only stamp a tick count per chunk (no timer call per chunk).
        using (var timer = new Timer(static s => ((TunnelSplice)s!).OnIdleTimer(), this, Timeout.Infinite, Timeout.Infinite))
        using (aborted.UnsafeRegister(static s => ((TunnelSplice)s!).Abort(TunnelEndReason.Aborted), this))
        {
            _idleTimer = timer;
            timer.Change(_idleMilliseconds, Timeout.Infinite);
            // Both pumps run at once; neither throws, so awaiting one after the other leaks nothing.
            var toUpstream = PumpAsync(_client.Input, _upstream.Output, fromClient: true);
            var toClient = PumpAsync(_upstream.Input, _client.Output, fromClient: false);
            await toUpstream.ConfigureAwait(false);
            await toClient.ConfigureAwait(false);
            // Both directions ended by FIN: from here on a late timer or abort must not reset anything
            // (the last bytes may still be on their way out).
            Interlocked.CompareExchange(ref _end, (int)TunnelEndReason.Closed, (int)TunnelEndReason.None);
        }
        return EndReason;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask PumpAsync(PipeReader from, PipeWriter to, bool fromClient)
    {
        var failure = fromClient ? TunnelEndReason.ClientReset : TunnelEndReason.UpstreamReset;
        try
        {
            // Whatever the output already holds (the 101 head for the client) leaves before the first wait.
            var first = await to.FlushAsync().ConfigureAwait(false);
            if (first.IsCompleted || first.IsCanceled)
            {
                Abort(fromClient ? TunnelEndReason.UpstreamReset : TunnelEndReason.ClientReset);
                return;
            }
            while (true)
            {
                var result = await from.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    from.AdvanceTo(buffer.Start);
                    Abort(failure);
                    return;
                }
                // At most MaxCopy per flush, whatever the input holds: the output never grows past its
                // pause threshold by more than one copy.
                var take = buffer.Length <= MaxCopy ? buffer : buffer.Slice(0, MaxCopy);
                if (!take.IsEmpty)
                {
                    var length = take.Length;
                    foreach (var segment in take) to.Write(segment.Span);
                    from.AdvanceTo(take.End);
                    Interlocked.Add(ref fromClient ? ref _fromClient : ref _toClient, length);
                    Volatile.Write(ref _lastActivity, Environment.TickCount64);
                    var flush = await to.FlushAsync().ConfigureAwait(false);
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        // The output's reader is gone: that side reset or was aborted.
                        Abort(fromClient ? TunnelEndReason.UpstreamReset : TunnelEndReason.ClientReset);
                        return;
                    }
                    // A flush that had to wait completed because the peer took bytes: that is movement too.
                    Volatile.Write(ref _lastActivity, Environment.TickCount64);
                }
                else
                {
                    from.AdvanceTo(buffer.End);
                }
                if (result.IsCompleted && take.Length == buffer.Length)
                {
                    // FIN: this direction is over. Pass the half-close on (RFC 9293 §3.6); the other
                    // direction goes on until its own FIN (a WebSocket close handshake needs that).
                    await to.CompleteAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset under a read (IOException), or a pipe completed by an abort: the tunnel is broken.
            Abort(failure);
        }
    }

    private void OnIdleTimer()
    {
        if (Volatile.Read(ref _end) != (int)TunnelEndReason.None) return;
        var idle = Environment.TickCount64 - Volatile.Read(ref _lastActivity);
        if (idle >= _idleMilliseconds)
        {
            Abort(TunnelEndReason.IdleTimeout);
            return;
        }
        try
        {
            _idleTimer?.Change(_idleMilliseconds - idle, Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
            // The tunnel ended while this callback ran.
        }
    }

    /// <summary>Ends the tunnel both ways with a reset; the first reason wins, and nothing happens after a clean end.</summary>
    public void Abort(TunnelEndReason reason)
    {
        if (Interlocked.CompareExchange(ref _end, (int)reason, (int)TunnelEndReason.None) != (int)TunnelEndReason.None) return;
        _client.Abort();
        _upstream.Abort();
    }
}
