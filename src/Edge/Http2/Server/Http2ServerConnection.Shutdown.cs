using System.Diagnostics;
using System.IO.Pipelines;
using Edge.Http;
using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.Http2.Streams;

namespace Edge.Http2.Server;

/// <summary>
/// How a connection ends: GOAWAY on errors and floods, the graceful two-step GOAWAY of a drain
/// (SIGTERM: GOAWAY(2^31−1), then GOAWAY(last id) a round trip later, §6.8; SECURITY.md case 67), the
/// idle close, and the timers the heartbeat checks.
/// </summary>
internal sealed partial class Http2ServerConnection
{
    private Http2Error _closeError;
    private bool _finalGoAwaySent;
    private bool _drainStarted;
    private bool _drainPingAcked;
    private long _drainStartedAt;
    private bool _aborted;

    /// <summary>
    /// The last GOAWAY: streams above the last one the client opened will not be processed (they are
    /// refused), the ones below finish, then the connection closes.
    /// </summary>
    private void SendFinalGoAwayLocked(Http2ErrorCode code, Http2ErrorReason reason)
    {
        if (_finalGoAwaySent || _outputDone) return;
        _finalGoAwaySent = true;
        Http2FrameWriter.WriteGoAway(_output, _ids.LastPeerStreamId, code, reason == Http2ErrorReason.None ? default : DebugData(reason));
        _stats.OnGoAway(code);
        _wroteSinceFlush = true;
        RequestFlushLocked();
        if (_activeExchanges == 0) _transport.Input.CancelPendingRead();
    }

    /// <summary>Graceful drain, called every 50 ms by the server while it drains (<see cref="IServerConnection"/>).</summary>
    public void RequestDrain()
    {
        lock (_lock)
        {
            if (_outputDone || _finalGoAwaySent) return;
            var now = Stopwatch.GetTimestamp();
            if (!_drainStarted)
            {
                // §6.8: "a server that is attempting to gracefully shut down a connection SHOULD send an initial
                // GOAWAY frame with the last stream identifier set to 2^31-1 and a NO_ERROR code", then a PING
                // to learn when the client has seen it.
                _drainStarted = true;
                _drainStartedAt = now;
                Http2FrameWriter.WriteGoAway(_output, int.MaxValue, Http2ErrorCode.NoError);
                _stats.OnGoAway(Http2ErrorCode.NoError);
                Http2FrameWriter.WritePing(_output, DrainPing, ack: false);
                _wroteSinceFlush = true;
                RequestFlushLocked();
                return;
            }
            // A round trip later (the PING's ACK), or after 1 s: the real last stream id.
            if (_drainPingAcked || now - _drainStartedAt >= _frequency) SendFinalGoAwayLocked(Http2ErrorCode.NoError, Http2ErrorReason.None);
        }
    }

    /// <summary>Cuts the connection at once (drain deadline, removed listener): every exchange is abandoned.</summary>
    public void AbortTransport()
    {
        lock (_lock)
        {
            _aborted = true;
            foreach (var stream in _streams.Values) stream.Abort(clientLeft: false);
            OnTransportBrokenLocked();
        }
        _transport.Abort();
    }

    /// <summary>The heartbeat's tick (every second): the timers no frame drives.</summary>
    internal void OnTick(long now)
    {
        lock (_lock)
        {
            if (_outputDone || _closeError.IsError) return;
            var error = _assembler.CheckTimeout(now);
            if (error.IsNone) error = _local.CheckAckTimeout(now);
            if (error.IsNone) error = _connectionStall.Check(now, Ticks(_limits.Flood.ZeroWindowTimeout), 0);
            if (error.IsError)
            {
                FailFromWriter(error);
                return;
            }
            if (_flushInProgress && now - _flushStartedAt >= Ticks(_options.SendTimeout))
            {
                // The client took none of the queued output for the send timeout: nothing more can be said.
                _closeError = Http2Error.Connection(Http2ErrorCode.NoError, Http2ErrorReason.SendTimeout);
                EndReason = ConnectionEndReason.SendTimeout;
                _aborted = true;
                OnTransportBrokenLocked();
                _transport.Abort();
                return;
            }
            var stallTicks = Ticks(_limits.Flood.ZeroWindowTimeout);
            var bodyTicks = Ticks(_options.BodyTimeout);
            List<Http2Stream>? stalled = null;
            foreach (var stream in _streams.Values)
            {
                if (stream.Stall.Check(now, stallTicks, stream.StreamId).IsError
                    || (Volatile.Read(ref stream.BodyWaitSince) is var since and > 0 && now - since >= bodyTicks))
                    (stalled ??= []).Add(stream);
            }
            if (stalled is not null)
            {
                foreach (var stream in stalled)
                {
                    if (stream.Stall.IsStalled)
                    {
                        // A window held at zero past the stall timeout: reset the stream, free its buffers (SECURITY.md case 34).
                        _stats.OnFlood(FloodKind.ZeroWindowStall);
                        WriteRstLocked(stream, Http2ErrorCode.EnhanceYourCalm);
                        stream.Abort(clientLeft: false);
                    }
                    else
                    {
                        // The request body stalled (SECURITY.md case 38): the core sees the read fail and answers 408.
                        stream.Body.Writer.Complete(new OperationCanceledException("request body stalled past the body timeout"));
                        stream.BodyWaitEnded();
                    }
                }
                RequestFlushLocked();
            }
            // SECURITY.md case 40: no stream for the idle timeout → GOAWAY(NO_ERROR) and close. PINGs are no activity.
            if (_activeExchanges == 0 && !_finalGoAwaySent && now - _lastActivity >= Ticks(_options.IdleTimeout))
            {
                EndReason = ConnectionEndReason.IdleTimeout;
                SendFinalGoAwayLocked(Http2ErrorCode.NoError, Http2ErrorReason.IdleTimeout);
            }
        }
    }

    /// <summary>
    /// Ends the connection: GOAWAY for an error (counted, with the flood that caused it), every live
    /// exchange abandoned, the last frames flushed, and the output completed. The input is then drained
    /// briefly so the close is a FIN after our GOAWAY, not a reset that could destroy it in flight.
    /// </summary>
    private async Task ShutdownAsync(PipeReader input)
    {
        Task pending;
        lock (_lock)
        {
            if (_closeError.IsError && !_outputDone)
            {
                var code = _closeError.Code;
                if (!_finalGoAwaySent)
                {
                    _finalGoAwaySent = true;
                    Http2FrameWriter.WriteGoAway(_output, _ids.LastPeerStreamId, code, DebugData(_closeError.Reason));
                    _stats.OnGoAway(code);
                }
                Flood = FloodKinds.Of(_closeError.Reason);
                if (Flood != FloodKind.None) _stats.OnFlood(Flood);
                if (EndReason == ConnectionEndReason.None) EndReason = Flood != FloodKind.None || code != Http2ErrorCode.NoError ? ConnectionEndReason.ProtocolError : ConnectionEndReason.ConnectionClose;
            }
            foreach (var stream in _streams.Values.ToArray())
            {
                stream.Abort(clientLeft: _closeError.IsNone && EndReason is ConnectionEndReason.ClientClosed or ConnectionEndReason.ClientAborted);
                CloseStreamLocked(stream, Http2StreamState.ClosedByResetSent);
            }
            pending = _pendingFlush;
            _outputDone = true;
            _flushScheduled = true; // no more scheduled flushes: the last one is ours
        }
        try
        {
            await pending.ConfigureAwait(false);
            if (!_aborted && !_transportBroken) await _output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The client is gone; the close below is all that is left.
        }
        lock (_lock) _transportBroken = true;
        await _output.CompleteAsync().ConfigureAwait(false);
        if (!_aborted && _closeError.IsError) await DrainInputAsync(input).ConfigureAwait(false);
        _assembler.Dispose();
        _headerBlock.Dispose();
    }

    /// <summary>Reads and drops input for up to a second, or until the client's FIN, after an error GOAWAY.</summary>
    private static async Task DrainInputAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Time is up or the peer reset: either way the connection closes now.
        }
    }
}
