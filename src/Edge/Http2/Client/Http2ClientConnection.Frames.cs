using System.Buffers;
using System.Buffers.Text;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;

namespace Edge.Http2.Client;

/// <summary>Frame handlers, called by the read loop under the connection lock.</summary>
internal sealed partial class Http2ClientConnection
{
    private Http2Error ProcessFrame(in Http2Frame frame, long now)
    {
        // §6.10: nothing may interleave a header block, unknown types included.
        var error = _assembler.CheckSequence(frame.Header);
        if (error.IsError) return error;
        // §3.4: the server's preface is a SETTINGS frame.
        if (!_peer.Received && (frame.Type != Http2FrameType.Settings || frame.Header.HasFlag(Http2FrameFlags.Ack)))
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.FirstFrameNotSettings);
        if (!frame.IsKnownType) return Http2Error.None; // §5.5
        return frame.Type switch
        {
            Http2FrameType.Data => OnData(frame),
            Http2FrameType.Headers => OnHeaders(frame, now),
            Http2FrameType.Continuation => OnContinuation(frame),
            Http2FrameType.Priority => OnPriority(frame),
            Http2FrameType.RstStream => OnRstStream(frame),
            Http2FrameType.Settings => OnSettings(frame, now),
            // We announce ENABLE_PUSH = 0 (§6.6: PUSH_PROMISE is then a connection PROTOCOL_ERROR).
            Http2FrameType.PushPromise => Http2PushPromiseFrame.Parse(frame),
            Http2FrameType.Ping => OnPing(frame, now),
            Http2FrameType.GoAway => OnGoAway(frame),
            Http2FrameType.WindowUpdate => OnWindowUpdate(frame),
            _ => Http2Error.None,
        };
    }

    /// <summary>A frame for a stream we hold no state for: idle (never opened) or server-initiated is a connection error (§5.1, §8.4).</summary>
    private Http2Error CheckUnknownStream(int id)
    {
        if ((id & 1) == 0 || _ids.NextLocalStreamId > 0 && id >= _ids.NextLocalStreamId)
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.FrameOnIdleStream);
        return Http2Error.None; // a stream we reset or finished: late frames are ignored
    }

    private Http2Error OnData(in Http2Frame frame)
    {
        var error = Http2DataFrame.Parse(frame, out var data);
        if (error.IsError) return error;
        // §6.9: every DATA counts against the connection window, whatever became of its stream.
        error = _receiveWindow.OnData(data.FlowControlledLength, 0);
        if (error.IsError) return error;
        var id = data.StreamId;
        if (!_streams.TryGetValue(id, out var stream))
        {
            CreditConnection(data.FlowControlledLength);
            return CheckUnknownStream(id);
        }
        if (!stream.HeadReceived || stream.RemoteClosed)
        {
            // §8.1: DATA before the response head is malformed; after END_STREAM, STREAM_CLOSED (§5.1).
            CreditConnection(data.FlowControlledLength);
            return Http2Error.Stream(id, stream.RemoteClosed ? Http2ErrorCode.StreamClosed : Http2ErrorCode.ProtocolError, Http2ErrorReason.FrameAfterEndStream);
        }
        error = stream.ReceiveWindow.OnData(data.FlowControlledLength, id);
        if (error.IsError)
        {
            CreditConnection(data.FlowControlledLength);
            return error;
        }
        var padding = data.FlowControlledLength - (int)data.Data.Length;
        if (padding > 0)
        {
            CreditConnection(padding);
            if (stream.ReceiveWindow.OnConsumed(padding, out var increment)) WriteWindowUpdateLocked(id, increment);
        }
        stream.DataReceived += data.Data.Length;
        // §8.1.1: DATA must add up to content-length.
        if (stream.DeclaredLength >= 0 && (stream.DataReceived > stream.DeclaredLength || (data.EndStream && stream.DataReceived != stream.DeclaredLength)))
        {
            CreditConnection((int)data.Data.Length);
            return Http2Error.Stream(id, Http2ErrorCode.ProtocolError, Http2ErrorReason.ContentLengthMismatch);
        }
        if (!data.Data.IsEmpty)
        {
            var writer = stream.BodyWriter;
            foreach (var segment in data.Data) writer.Write(segment.Span);
            // No pause threshold: completes at once and wakes the body reader; the windows bound the pipe.
            var flush = writer.FlushAsync();
            if (flush.IsCompleted) flush.GetAwaiter().GetResult();
        }
        if (data.EndStream) OnRemoteEndLocked(stream);
        return Http2Error.None;
    }

    private Http2Error OnHeaders(in Http2Frame frame, long now)
    {
        var error = Http2HeadersFrame.Parse(frame, out var headers);
        if (error.IsConnectionError) return error;
        var begin = _assembler.Begin(headers, now);
        if (begin.IsError) return begin;
        return _assembler.IsComplete ? OnHeaderBlock(error) : error;
    }

    private Http2Error OnContinuation(in Http2Frame frame)
    {
        var error = Http2ContinuationFrame.Parse(frame, out var continuation);
        if (error.IsError) return error;
        error = _assembler.Append(continuation);
        if (error.IsError) return error;
        return _assembler.IsComplete ? OnHeaderBlock(Http2Error.None) : Http2Error.None;
    }

    /// <summary>
    /// A complete header block: the response head (after up to <see cref="Http2ClientOptions.MaxInterimResponses"/>
    /// interim 1xx heads) or the trailers. Always decoded, so HPACK stays in step (§4.3); a decoding
    /// failure is a connection COMPRESSION_ERROR.
    /// </summary>
    private Http2Error OnHeaderBlock(Http2Error frameError)
    {
        var id = _assembler.StreamId;
        var endStream = _assembler.EndStream;
        try
        {
            var block = _assembler.Block;
            if (!_streams.TryGetValue(id, out var stream) || stream.RemoteClosed)
            {
                var discard = new Http2ResponseHeadHandler(null, trailers: false);
                _decoder.Decode(block, ref discard);
                if (stream is not null) return Http2Error.Stream(id, Http2ErrorCode.StreamClosed, Http2ErrorReason.FrameAfterEndStream);
                return CheckUnknownStream(id);
            }
            var trailers = stream.HeadReceived;
            var target = trailers ? stream.Trailers : stream.Head;
            target.Release();
            var handler = new Http2ResponseHeadHandler(target, trailers);
            var decoded = _decoder.Decode(block, ref handler);
            if (frameError.IsError) return frameError;
            // Too large a list, a bad field, trailers that do not end the stream: this response only.
            if (decoded == HpackError.HeaderListTooLarge || !handler.IsValid || (trailers && !endStream))
                return Http2Error.Stream(id, Http2ErrorCode.ProtocolError, Http2ErrorReason.MalformedRequest);
            if (trailers)
            {
                stream.HasTrailers = true;
                OnRemoteEndLocked(stream);
                return Http2Error.None;
            }
            if (handler.Status < 200)
            {
                // §8.1: interim responses precede the final one; 101 does not exist in HTTP/2 (§8.6).
                if (handler.Status == 101 || endStream || ++stream.InterimResponses > Options.MaxInterimResponses)
                    return Http2Error.Stream(id, Http2ErrorCode.ProtocolError, Http2ErrorReason.MalformedRequest);
                stream.Head.Release();
                return Http2Error.None;
            }
            stream.Head.Status = handler.Status;
            stream.Head.Version = Http.HttpVersion.Http11;
            if (stream.Head.TryGetHeader(Http.KnownHeader.ContentLength, out var length))
            {
                if (!Utf8Parser.TryParse(length, out long declared, out var used) || used != length.Length || declared < 0)
                    return Http2Error.Stream(id, Http2ErrorCode.ProtocolError, Http2ErrorReason.ContentLengthMismatch);
                stream.DeclaredLength = declared;
            }
            stream.HeadReceived = true;
            stream.DisarmTimer();
            stream.ResponseSignal.Set();
            if (endStream) OnRemoteEndLocked(stream);
            return Http2Error.None;
        }
        catch (HpackException)
        {
            return Http2Error.Connection(Http2ErrorCode.CompressionError, Http2ErrorReason.CompressionFailed);
        }
        finally
        {
            _assembler.Reset();
        }
    }

    /// <summary>The peer's END_STREAM: the body ends cleanly; the stream closes once ours went out too.</summary>
    private void OnRemoteEndLocked(Http2ClientStream stream)
    {
        stream.RemoteClosed = true;
        stream.CompleteBody(null);
        if (stream.LocalClosed) UnregisterLocked(stream);
    }

    /// <summary>Priorities are ignored (§5.3.2); only a malformed frame's connection error matters.</summary>
    private static Http2Error OnPriority(in Http2Frame frame)
    {
        var error = Http2PriorityFrame.Parse(frame, out _);
        return error.IsConnectionError ? error : Http2Error.None;
    }

    private Http2Error OnRstStream(in Http2Frame frame)
    {
        var error = Http2RstStreamFrame.Parse(frame, out var rst);
        if (error.IsError) return error;
        if (!_streams.TryGetValue(rst.StreamId, out var stream)) return CheckUnknownStream(rst.StreamId);
        if (stream.RemoteClosed && rst.ErrorCode == Http2ErrorCode.NoError)
        {
            // §8.1: a server may answer in full, then reset with NO_ERROR to stop the rest of the request body.
            stream.LocalClosed = true;
            stream.WindowSignal.Set();
            UnregisterLocked(stream);
            return Http2Error.None;
        }
        stream.ResetCode = rst.ErrorCode;
        // REFUSED_STREAM: "the stream was closed prior to any processing" (§8.7) — safe to retry.
        FailStreamLocked(stream, rst.ErrorCode == Http2ErrorCode.RefusedStream ? Http2ClientStreamFailure.Refused : Http2ClientStreamFailure.Reset);
        UnregisterLocked(stream);
        return Http2Error.None;
    }

    private Http2Error OnSettings(in Http2Frame frame, long now)
    {
        var error = Http2SettingsFrame.Parse(frame, Http2Role.Client, out var settings, _limits.MaxSettingsEntries);
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
                if (update.InitialWindowDelta > 0 && stream.WaitingForWindow) stream.WindowSignal.Set();
            }
        }
        if (update.HeaderTableSizeChanged)
        {
            _encoder.SetPeerMaxTableSize(update.SmallestHeaderTableSize);
            if (update.SmallestHeaderTableSize != _peer.Current.HeaderTableSize) _encoder.SetPeerMaxTableSize(_peer.Current.HeaderTableSize);
        }
        _notifyPool = true; // MAX_CONCURRENT_STREAMS may have grown
        Http2FrameWriter.WriteSettingsAck(_output);
        return ControlFrameQueuedLocked();
    }

    private Http2Error OnPing(in Http2Frame frame, long now)
    {
        var error = Http2PingFrame.Parse(frame, out var ping);
        if (error.IsError) return error;
        if (ping.IsAck) return Http2Error.None;
        error = _flood.OnPing(now);
        if (error.IsError) return error;
        Http2FrameWriter.WritePing(_output, ping.OpaqueData, ack: true);
        return ControlFrameQueuedLocked();
    }

    /// <summary>
    /// §6.8: no new streams on this connection; streams above the last stream id were never processed and
    /// fail as refused (the forwarder replays them elsewhere); the others run to their end.
    /// </summary>
    private Http2Error OnGoAway(in Http2Frame frame)
    {
        var error = Http2GoAwayFrame.Parse(frame, out var goAway);
        if (error.IsError) return error;
        _goAwayReceived = true;
        _goAwayLastStreamId = Math.Min(_goAwayLastStreamId, goAway.LastStreamId);
        List<Http2ClientStream>? refused = null;
        foreach (var stream in _streams.Values)
        {
            if (stream.StreamId > _goAwayLastStreamId) (refused ??= new()).Add(stream);
        }
        if (refused is not null)
        {
            foreach (var stream in refused)
            {
                FailStreamLocked(stream, Http2ClientStreamFailure.Refused);
                UnregisterLocked(stream);
            }
        }
        _notifyPool = true;
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
                foreach (var waiter in _windowWaiters) waiter.WindowSignal.Set();
                _windowWaiters.Clear();
            }
            return Http2Error.None;
        }
        if (!_streams.TryGetValue(update.StreamId, out var stream)) return CheckUnknownStream(update.StreamId);
        error = stream.SendWindow.Grow(update.Increment, update.StreamId);
        if (error.IsError) return error;
        if (stream.SendWindow.Available > 0 && stream.WaitingForWindow) stream.WindowSignal.Set();
        return Http2Error.None;
    }

    /// <summary>Bytes that will never reach the forwarder go back to the connection window at once.</summary>
    private void CreditConnection(int bytes)
    {
        if (bytes > 0 && _receiveWindow.OnConsumed(bytes, out var increment)) WriteWindowUpdateLocked(0, increment);
    }

    private void WriteWindowUpdateLocked(int streamId, int increment)
    {
        Http2FrameWriter.WriteWindowUpdate(_output, streamId, increment);
        _wroteSinceFlush = true;
        var error = _flood.OnFrameQueued();
        if (error.IsError) FailLocked(error);
    }

    private Http2Error ControlFrameQueuedLocked()
    {
        _wroteSinceFlush = true;
        return _flood.OnControlFrameQueued();
    }
}
