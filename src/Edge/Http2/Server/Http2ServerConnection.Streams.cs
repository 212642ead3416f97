using System.Diagnostics;
using Edge.Http;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;
using Edge.Http2.Streams;

namespace Edge.Http2.Server;

/// <summary>Header blocks and the stream lifecycle: open, refuse, close, exchange done.</summary>
internal sealed partial class Http2ServerConnection
{
    /// <summary>
    /// A complete header block (HEADERS + CONTINUATIONs). Always decoded, whatever becomes of the stream,
    /// so HPACK stays in step with the peer (§4.3); a decoding failure ends the connection
    /// (COMPRESSION_ERROR, SECURITY.md case 26). <paramref name="frameError"/> is a stream error the
    /// HEADERS frame itself carried (self-dependency), applied after decoding.
    /// </summary>
    private Http2Error OnHeaderBlock(long now, Http2Error frameError)
    {
        var id = _assembler.StreamId;
        var endStream = _assembler.EndStream;
        var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        try
        {
            var block = _assembler.Block;
            if (_streams.TryGetValue(id, out var live)) return OnTrailers(live, block, flags, frameError);

            var state = _ids.Classify(id, _closed);
            if (state != Http2StreamState.Idle)
            {
                var discard = new Http2DiscardingHeaderHandler();
                _decoder.Decode(block, ref discard);
                var late = Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.Headers, flags, id, out _);
                return late.IsError ? late : frameError;
            }
            var error = _ids.OpenPeerStream(id);
            if (error.IsError) return error;
            _flood.OnStreamOpened();

            if (frameError.IsError || _finalGoAwaySent || _activeExchanges >= _limits.MaxConcurrentStreams)
            {
                // Refused before any work: decode for HPACK's sake, then reset. Past SETTINGS_MAX_CONCURRENT_STREAMS
                // (§5.1.2: REFUSED_STREAM, SECURITY.md case 30), or after our last GOAWAY (§6.8: the client may retry).
                var discard = new Http2DiscardingHeaderHandler();
                _decoder.Decode(block, ref discard);
                if (frameError.IsError) return frameError;
                _closed.Add(id, Http2StreamState.ClosedByResetSent);
                Http2FrameWriter.WriteRstStream(_output, id, Http2ErrorCode.RefusedStream);
                _stats.OnRefused();
                var queued = ControlFrameQueued();
                if (queued.IsError) return queued;
                return _finalGoAwaySent ? Http2Error.None : _flood.OnStreamReset(now);
            }

            var stream = Rent();
            stream.Start(id, _peer.Current.InitialWindowSize, _limits.InitialStreamWindowSize);
            var handler = new Http2RequestHeadHandler(stream.Builder);
            var decoded = _decoder.Decode(block, ref handler);
            var request = decoded == HpackError.HeaderListTooLarge ? Http2RequestError.TooManyHeaders : stream.Builder.Complete();
            if (request == Http2RequestError.None && endStream && stream.Builder.ContentLength > 0)
                request = Http2RequestError.InvalidContentLength; // §8.1.1: no DATA can follow to make up the length
            if (request != Http2RequestError.None && Http2RequestErrors.Status(request) == 0)
            {
                // Malformed (§8.1.1): a stream error PROTOCOL_ERROR; nothing reaches the core (SECURITY.md cases 22-24).
                Return(stream);
                _closed.Add(id, Http2StreamState.ClosedByResetSent);
                return Http2Error.Stream(id, Http2ErrorCode.ProtocolError, Http2ErrorReason.MalformedRequest);
            }

            OpenStreamLocked(stream, id, endStream, request, now);
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

    /// <summary>
    /// Puts a stream whose head is decoded (and not malformed) in the table and starts its exchange; with
    /// <paramref name="endStream"/> it has no body (half-closed remote). <paramref name="request"/> is a
    /// rejection the stream answers itself (400/431), or none.
    /// </summary>
    private void OpenStreamLocked(Http2Stream stream, int id, bool endStream, Http2RequestError request, long now)
    {
        var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        var opened = Http2StreamState.Idle;
        Http2StreamStateMachine.OnReceived(ref opened, Http2FrameType.Headers, flags, id, out _);
        stream.State = opened;
        stream.InTable = true;
        _streams[id] = stream;
        _activeExchanges++;
        _lastActivity = now;
        _stats.OnStream();

        var exchange = stream.Exchange;
        exchange.Protocol = HttpProtocol.Http2;
        exchange.RemoteEndPoint = _remote.EndPoint;
        exchange.IsHttps = _options.IsHttps;
        exchange.ClientCertificate = _clientCertificate;
        exchange.StartTimestamp = now;
        stream.DeclaredLength = stream.Builder.ContentLength;
        if (endStream)
        {
            exchange.RequestBody = EmptyBody.Instance;
            stream.Body.Writer.Complete();
        }
        else
        {
            stream.Body.Start(stream.DeclaredLength);
            exchange.RequestBody = stream.Body;
        }
        // Each connection serves a bounded number of streams, then asks the client to go elsewhere
        // (nginx keepalive_requests; SECURITY.md case 30) so one set of HPACK tables cannot live forever.
        if (++_streamsStarted >= _limits.MaxStreamsPerConnection && !_finalGoAwaySent)
            SendFinalGoAwayLocked(Http2ErrorCode.NoError, Http2ErrorReason.ShuttingDown);
        stream.Run(request);
    }

    /// <summary>
    /// A second header block on an open stream: trailers (§8.1). They must end the stream and carry no
    /// pseudo-header; they are checked and dropped (never merged into the head, like HTTP/1.1 trailers).
    /// </summary>
    private Http2Error OnTrailers(Http2Stream stream, ReadOnlySpan<byte> block, Http2FrameFlags flags, Http2Error frameError)
    {
        var discard = new Http2DiscardingHeaderHandler();
        _decoder.Decode(block, ref discard);
        var next = stream.State;
        var error = Http2StreamStateMachine.OnReceived(ref next, Http2FrameType.Headers, flags, stream.StreamId, out _);
        if (error.IsError) return error;
        if (frameError.IsError) return frameError;
        if ((flags & Http2FrameFlags.EndStream) == 0 || discard.SawPseudoHeader)
            return Http2Error.Stream(stream.StreamId, Http2ErrorCode.ProtocolError, Http2ErrorReason.MalformedRequest);
        if (stream.DeclaredLength >= 0 && stream.DataReceived != stream.DeclaredLength)
            return Http2Error.Stream(stream.StreamId, Http2ErrorCode.ProtocolError, Http2ErrorReason.ContentLengthMismatch);
        stream.State = next;
        stream.Body.Writer.Complete();
        if (next == Http2StreamState.Closed) CloseStreamLocked(stream, Http2StreamState.Closed);
        return Http2Error.None;
    }

    private Http2Stream Rent() => _pool.TryPop(out var stream) ? stream : new Http2Stream(this, _options);

    private void Return(Http2Stream stream)
    {
        stream.Body.ResetPipe();
        stream.Builder.Release();
        stream.Head.Release();
        // Kestrel keeps up to 100 per connection; we keep as many as may run at once.
        if (_pool.Count < _limits.MaxConcurrentStreams) _pool.Push(stream);
    }

    /// <summary>
    /// Takes a stream out of the table once it is closed (§5.1), remembering how it closed so late frames
    /// get the right answer. Its exchange may still be running; a reset makes its writes fail and its body
    /// read end with an error.
    /// </summary>
    private void CloseStreamLocked(Http2Stream stream, Http2StreamState closedAs)
    {
        if (!stream.InTable) return;
        stream.InTable = false;
        stream.State = closedAs;
        _streams.Remove(stream.StreamId);
        _closed.Add(stream.StreamId, closedAs);
        stream.Stall.OnUnblocked();
        if (closedAs != Http2StreamState.Closed)
        {
            stream.Dead = true;
            stream.Body.Writer.Complete(new IOException("the stream was reset"));
            _windowWaiters.Remove(stream);
            Wake(stream);
        }
    }

    /// <summary>The core finished the stream's exchange (normally or not): close it if still open, free it.</summary>
    internal void OnExchangeDone(Http2Stream stream)
    {
        lock (_lock)
        {
            stream.ExchangeDone = true;
            if (stream.InTable)
            {
                if (!stream.Sink.Ended || _outputDone)
                {
                    WriteRstLocked(stream, Http2ErrorCode.InternalError);
                }
                else if (stream.State != Http2StreamState.Closed)
                {
                    // §8.1: the response is complete but the client is still sending: RST_STREAM(NO_ERROR)
                    // tells it to stop; whatever it sends meanwhile is credited and dropped.
                    WriteRstLocked(stream, Http2ErrorCode.NoError);
                }
            }
            _flushWaiters.Remove(stream);
            _windowWaiters.Remove(stream);
            CreditConnection(stream.Body.DiscardUnread());
            _activeExchanges--;
            _lastActivity = Stopwatch.GetTimestamp();
            Return(stream);
            if (_wroteSinceFlush) RequestFlushLocked();
            // A graceful close waits for the last exchange; wake the read loop to finish.
            if (_finalGoAwaySent && _activeExchanges == 0) _transport.Input.CancelPendingRead();
        }
    }

    /// <summary>The core consumed request body bytes: reopen the windows (WINDOW_UPDATE once half is owed).</summary>
    internal void OnBodyConsumed(Http2Stream stream, int bytes)
    {
        lock (_lock)
        {
            if (_outputDone) return;
            if (stream.InTable && stream.State is Http2StreamState.Open or Http2StreamState.HalfClosedLocal
                && stream.ReceiveWindow.OnConsumed(bytes, out var increment))
                WriteWindowUpdate(stream.StreamId, increment);
            CreditConnection(bytes);
            if (_wroteSinceFlush) RequestFlushLocked();
        }
    }

    /// <summary>Resets a stream for our own reason (a truncated upstream response): not counted as the peer's doing.</summary>
    internal void ResetStream(Http2Stream stream, Http2ErrorCode code)
    {
        lock (_lock)
        {
            if (stream.InTable) WriteRstLocked(stream, code);
            stream.Dead = true;
            if (_wroteSinceFlush) RequestFlushLocked();
        }
        stream.Signal.Set();
    }

    private void WriteRstLocked(Http2Stream stream, Http2ErrorCode code)
    {
        if (!_outputDone)
        {
            Http2FrameWriter.WriteRstStream(_output, stream.StreamId, code);
            _wroteSinceFlush = true;
        }
        CloseStreamLocked(stream, Http2StreamState.ClosedByResetSent);
    }
}
