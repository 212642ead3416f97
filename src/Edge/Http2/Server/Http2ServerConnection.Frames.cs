using System.Buffers;
using Edge.Http2.Frames;
using Edge.Http2.Streams;

namespace Edge.Http2.Server;

/// <summary>Frame handlers, called by the read loop under the connection lock (docs/http2.md "How a connection loop uses it").</summary>
internal sealed partial class Http2ServerConnection
{
    /// <summary>An opaque value for our own PING (the drain's round-trip probe).</summary>
    private const ulong DrainPing = 0x45_44_47_45_44_52_41_4E; // "EDGEDRAN"

    private Http2Error ProcessFrame(in Http2Frame frame, long now)
    {
        // §6.10: nothing may interleave a header block, unknown types included.
        var error = _assembler.CheckSequence(frame.Header);
        if (error.IsError) return error;
        // §3.4: the client's preface ends with a SETTINGS frame.
        if (!_peer.Received && (frame.Type != Http2FrameType.Settings || frame.Header.HasFlag(Http2FrameFlags.Ack)))
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.FirstFrameNotSettings);
        if (!frame.IsKnownType) return Http2Error.None; // §5.5: ignore unknown types
        return frame.Type switch
        {
            Http2FrameType.Data => OnData(frame, now),
            Http2FrameType.Headers => OnHeaders(frame, now),
            Http2FrameType.Continuation => OnContinuation(frame, now),
            Http2FrameType.Priority => OnPriority(frame),
            Http2FrameType.RstStream => OnRstStream(frame, now),
            Http2FrameType.Settings => OnSettings(frame, now),
            Http2FrameType.PushPromise => Http2PushPromiseFrame.Parse(frame),
            Http2FrameType.Ping => OnPing(frame, now),
            Http2FrameType.GoAway => OnGoAway(frame),
            Http2FrameType.WindowUpdate => OnWindowUpdate(frame),
            _ => Http2Error.None,
        };
    }

    private Http2Error OnData(in Http2Frame frame, long now)
    {
        var error = Http2DataFrame.Parse(frame, out var data);
        if (error.IsError) return error;
        error = _flood.OnContentFrame(frame.Length, data.EndStream);
        if (error.IsError) return error;
        // §6.9: every DATA counts against the connection window, whatever became of its stream.
        error = _receiveWindow.OnData(data.FlowControlledLength, 0);
        if (error.IsError) return error;
        var id = data.StreamId;
        if (!_streams.TryGetValue(id, out var stream))
        {
            var state = _ids.Classify(id, _closed);
            error = Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.Data, frame.Flags, id, out _);
            CreditConnection(data.FlowControlledLength);
            return error;
        }
        var next = stream.State;
        error = Http2StreamStateMachine.OnReceived(ref next, Http2FrameType.Data, frame.Flags, id, out _);
        if (error.IsNone) error = stream.ReceiveWindow.OnData(data.FlowControlledLength, id);
        if (error.IsError)
        {
            CreditConnection(data.FlowControlledLength);
            return error;
        }
        // Padding never reaches the application: consumed at once (§6.9.1).
        var padding = data.FlowControlledLength - (int)data.Data.Length;
        if (padding > 0)
        {
            CreditConnection(padding);
            if (stream.ReceiveWindow.OnConsumed(padding, out var increment)) WriteWindowUpdate(id, increment);
        }
        stream.DataReceived += data.Data.Length;
        // §8.1.1: DATA must add up to content-length; a mismatch is malformed (SECURITY.md case 24, H2.CL).
        if (stream.DeclaredLength >= 0 && (stream.DataReceived > stream.DeclaredLength || (data.EndStream && stream.DataReceived != stream.DeclaredLength)))
        {
            CreditConnection((int)data.Data.Length);
            return Http2Error.Stream(id, Http2ErrorCode.ProtocolError, Http2ErrorReason.ContentLengthMismatch);
        }
        stream.State = next;
        var writer = stream.Body.Writer;
        if (!data.Data.IsEmpty)
        {
            foreach (var segment in data.Data) writer.Write(segment.Span);
            // No pause threshold: completes at once, and wakes the body reader on the thread pool.
            var flush = writer.FlushAsync();
            if (flush.IsCompleted) flush.GetAwaiter().GetResult();
        }
        if (data.EndStream)
        {
            writer.Complete();
            if (next == Http2StreamState.Closed) CloseStreamLocked(stream, Http2StreamState.Closed);
        }
        return Http2Error.None;
    }

    private Http2Error OnHeaders(in Http2Frame frame, long now)
    {
        var error = Http2HeadersFrame.Parse(frame, out var headers);
        if (error.IsConnectionError) return error;
        var flood = _flood.OnContentFrame(frame.Length, headers.EndStream);
        if (flood.IsError) return flood;
        var begin = _assembler.Begin(headers, now);
        if (begin.IsError) return begin;
        // A self-dependency (a stream error) still has its block decoded, to keep HPACK in step (§4.3).
        return _assembler.IsComplete ? OnHeaderBlock(now, error) : error;
    }

    private Http2Error OnContinuation(in Http2Frame frame, long now)
    {
        var error = Http2ContinuationFrame.Parse(frame, out var continuation);
        if (error.IsError) return error;
        error = _flood.OnContentFrame(frame.Length, endStream: false);
        if (error.IsError) return error;
        error = _assembler.Append(continuation);
        if (error.IsError) return error;
        return _assembler.IsComplete ? OnHeaderBlock(now, Http2Error.None) : Http2Error.None;
    }

    private Http2Error OnPriority(in Http2Frame frame)
    {
        var error = Http2PriorityFrame.Parse(frame, out _);
        if (error.IsConnectionError) return error;
        // Priorities are ignored (RFC 9113 §5.3.2), but counted (CVE-2019-9513, SECURITY.md case 35).
        var flood = _flood.OnPriority();
        return flood.IsError ? flood : error;
    }

    private Http2Error OnRstStream(in Http2Frame frame, long now)
    {
        var error = Http2RstStreamFrame.Parse(frame, out var rst);
        if (error.IsError) return error;
        if (!_streams.TryGetValue(rst.StreamId, out var stream))
        {
            var state = _ids.Classify(rst.StreamId, _closed);
            return Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.RstStream, frame.Flags, rst.StreamId, out _);
        }
        // The client gave up on the stream: its exchange is abandoned (Exchange.Aborted), the upstream
        // request with it. The stream still counts as concurrent until the core lets go of it.
        CloseStreamLocked(stream, Http2StreamState.ClosedByResetReceived);
        stream.Abort(clientLeft: true);
        return _flood.OnStreamReset(now);
    }

    private Http2Error OnSettings(in Http2Frame frame, long now)
    {
        var error = Http2SettingsFrame.Parse(frame, Http2Role.Server, out var settings, _limits.MaxSettingsEntries);
        if (error.IsError) return error;
        if (settings.IsAck)
        {
            if (_local.OnAck()) _decoder.SetMaxTableSize((int)_local.Acknowledged.HeaderTableSize);
            return Http2Error.None;
        }
        error = _flood.OnSettings(now);
        if (error.IsError) return error;
        var update = _peer.Apply(settings);
        if (update.InitialWindowDelta != 0)
        {
            // §6.9.2: every open stream's send window moves by the difference.
            foreach (var stream in _streams.Values)
            {
                error = stream.SendWindow.ApplyInitialWindowDelta(update.InitialWindowDelta);
                if (error.IsError) return error;
                if (update.InitialWindowDelta > 0 && stream.WaitingForWindow) Wake(stream);
            }
        }
        if (update.HeaderTableSizeChanged)
        {
            _encoder.SetPeerMaxTableSize(update.SmallestHeaderTableSize);
            if (update.SmallestHeaderTableSize != _peer.Current.HeaderTableSize) _encoder.SetPeerMaxTableSize(_peer.Current.HeaderTableSize);
        }
        Http2FrameWriter.WriteSettingsAck(_output);
        return ControlFrameQueued();
    }

    private Http2Error OnPing(in Http2Frame frame, long now)
    {
        var error = Http2PingFrame.Parse(frame, out var ping);
        if (error.IsError) return error;
        if (ping.IsAck)
        {
            if (ping.OpaqueData == DrainPing) _drainPingAcked = true;
            return Http2Error.None;
        }
        error = _flood.OnPing(now);
        if (error.IsError) return error;
        // PINGs are answered but are no activity: they do not keep an idle connection open (SECURITY.md case 40).
        Http2FrameWriter.WritePing(_output, ping.OpaqueData, ack: true);
        return ControlFrameQueued();
    }

    private Http2Error OnGoAway(in Http2Frame frame)
    {
        var error = Http2GoAwayFrame.Parse(frame, out _);
        if (error.IsError) return error;
        // The client opens no more streams; finish the ones we have, then close (§6.8).
        if (!_finalGoAwaySent) SendFinalGoAwayLocked(Http2ErrorCode.NoError, Http2ErrorReason.None);
        return Http2Error.None;
    }

    private Http2Error OnWindowUpdate(in Http2Frame frame)
    {
        var error = Http2WindowUpdateFrame.Parse(frame, out var update);
        if (error.IsError) return error;
        error = _flood.OnWindowUpdate();
        if (error.IsError) return error;
        if (update.StreamId == 0)
        {
            error = _sendWindow.Grow(update.Increment, 0);
            if (error.IsError) return error;
            if (_sendWindow.Available > 0)
            {
                _connectionStall.OnUnblocked();
                foreach (var waiter in _windowWaiters) Wake(waiter);
                _windowWaiters.Clear();
            }
            return Http2Error.None;
        }
        if (!_streams.TryGetValue(update.StreamId, out var stream))
        {
            var state = _ids.Classify(update.StreamId, _closed);
            return Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.WindowUpdate, frame.Flags, update.StreamId, out _);
        }
        error = stream.SendWindow.Grow(update.Increment, update.StreamId);
        if (error.IsError) return error;
        if (stream.SendWindow.Available > 0)
        {
            stream.Stall.OnUnblocked();
            if (stream.WaitingForWindow) Wake(stream);
        }
        return Http2Error.None;
    }

    /// <summary>
    /// A stream error caused by the peer: RST_STREAM with its code, the stream (if live) closed and its
    /// exchange abandoned. Spends the reset budget: provoking resets costs as much as sending them
    /// (SECURITY.md case 32, "MadeYouReset"). Returns a connection error when that trips a flood.
    /// </summary>
    private Http2Error ResetForPeerError(Http2Error error, long now)
    {
        var id = error.StreamId;
        if (error.Reason is Http2ErrorReason.MalformedRequest or Http2ErrorReason.ContentLengthMismatch) _stats.OnMalformed();
        Http2FrameWriter.WriteRstStream(_output, id, error.Code);
        _wroteSinceFlush = true;
        if (_streams.TryGetValue(id, out var stream))
        {
            CloseStreamLocked(stream, Http2StreamState.ClosedByResetSent);
            stream.Abort(clientLeft: false);
        }
        var queued = ControlFrameQueued();
        if (queued.IsError) return queued;
        return _flood.OnStreamReset(now);
    }

    /// <summary>Bytes that will never reach the application go back to the connection window at once.</summary>
    private void CreditConnection(int bytes)
    {
        if (bytes > 0 && _receiveWindow.OnConsumed(bytes, out var increment)) WriteWindowUpdate(0, increment);
    }

    private void WriteWindowUpdate(int streamId, int increment)
    {
        Http2FrameWriter.WriteWindowUpdate(_output, streamId, increment);
        _wroteSinceFlush = true;
        var error = _flood.OnFrameQueued();
        if (error.IsError) Fail(error);
    }

    private Http2Error ControlFrameQueued()
    {
        _wroteSinceFlush = true;
        return _flood.OnControlFrameQueued();
    }
}
