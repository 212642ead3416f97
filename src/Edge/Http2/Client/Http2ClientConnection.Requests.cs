using System.Buffers;
using System.Diagnostics;
using Edge.Http2.FlowControl;
using Edge.Http2.Frames;

namespace Edge.Http2.Client;

/// <summary>
/// The streams' side: reserve a slot, start a request (HEADERS), send its body (DATA within the windows),
/// wait for the response head, credit consumed body bytes, release. Streams fail through
/// <see cref="Http2ClientStream.Failure"/>, never by exceptions from the read loop.
/// </summary>
internal sealed partial class Http2ClientConnection
{
    /// <summary>Streams kept for reuse per connection (more than the concurrent limit is never useful).</summary>
    private const int MaxPooledStreams = 128;

    private bool _notifyPool;

    /// <summary>Takes a stream slot if the connection is usable and below its concurrent-stream limit.</summary>
    public bool TryReserve()
    {
        lock (_lock)
        {
            if (!UsableLocked || _reserved >= MaxStreamsLocked) return false;
            _reserved++;
            return true;
        }
    }

    /// <summary>
    /// Opens a stream for a reserved slot: HEADERS (+ CONTINUATION) with the request head, END_STREAM when
    /// there is no body. Returns null when the connection can no longer open streams (it died, got GOAWAY
    /// or ran out of ids since the slot was reserved): the caller tries another connection. A head that
    /// cannot be sent (a CR/LF/NUL in a field, too large for the peer) throws InvalidOperationException
    /// before anything is encoded. The slot is released either way unless a stream is returned.
    /// </summary>
    public Http2ClientStream? StartRequest<THead>(in THead head, bool endStream) where THead : struct, IHttp2RequestHead
    {
        Http2ClientStream? stream = null;
        lock (_lock)
        {
            if (!UsableLocked || !_ids.TryOpenLocalStream(out var id))
            {
                ReleaseSlotLocked();
                return null;
            }
            _fields.BeginCheck(_peer.Current.MaxHeaderListSize);
            head.Write(_fields);
            if (_fields.Problem is { } problem)
            {
                // The id was taken but never used: §5.1.1 lets ids be skipped (they close implicitly).
                ReleaseSlotLocked();
                throw new InvalidOperationException(problem);
            }
            stream = _pool.Count > 0 ? _pool.Pop() : new Http2ClientStream(this);
            stream.Start(id, _peer.Current.InitialWindowSize, _limits.InitialStreamWindowSize);
            var block = _headerBlock;
            block.Reset();
            _fields.BeginEncode(block);
            head.Write(_fields);
            Http2FrameWriter.WriteHeaders(_output, id, block.WrittenSpan, endStream, _peer.Current.MaxFrameSize);
            _flood.OnStreamOpened();
            _streams.Add(id, stream);
            stream.LocalClosed = endStream;
            if (endStream) stream.ArmTimer(Options.ResponseTimeout);
            var queued = _flood.OnFrameQueued();
            if (queued.IsError) FailLocked(queued);
            _wroteSinceFlush = true;
            RequestFlushLocked();
        }
        return stream;
    }

    /// <summary>
    /// Sends request body bytes as DATA within the stream and connection send windows (§6.9), waiting for
    /// WINDOW_UPDATEs in between; END_STREAM on the last frame when <paramref name="endStream"/> (an empty
    /// <paramref name="data"/> with it ends the request). Completes when the bytes are in the output pipe
    /// and it is not backed up. Throws IOException when the stream or connection failed meanwhile.
    /// The response timeout starts when the request is complete.
    /// </summary>
    public async ValueTask WriteDataAsync(Http2ClientStream stream, ReadOnlySequence<byte> data, bool endStream, CancellationToken cancellationToken)
    {
        var remaining = data;
        var endWritten = false;
        while (true)
        {
            bool wait;
            lock (_lock)
            {
                if (stream.Failure != Http2ClientStreamFailure.None || _dead) throw FailureException(stream);
                if (stream.LocalClosed) return; // the peer answered and stopped the request body (RST NO_ERROR)
                var maxFrame = _peer.Current.MaxFrameSize;
                while (!remaining.IsEmpty)
                {
                    var n = Http2FlowControl.Sendable(stream.SendWindow, _sendWindow, (int)Math.Min(remaining.Length, int.MaxValue), maxFrame);
                    if (n <= 0) break;
                    var last = n == remaining.Length;
                    Http2FrameWriter.WriteData(_output, stream.StreamId, remaining.Slice(0, n), endStream && last, maxFrame);
                    Http2FlowControl.Consume(ref stream.SendWindow, ref _sendWindow, n);
                    _flood.OnDataFrameSent();
                    remaining = remaining.Slice(n);
                    _wroteSinceFlush = true;
                    if (last && endStream) endWritten = true;
                }
                if (remaining.IsEmpty && endStream && !endWritten)
                {
                    Http2FrameWriter.WriteData(_output, stream.StreamId, ReadOnlySpan<byte>.Empty, endStream: true, maxFrame);
                    _wroteSinceFlush = true;
                    endWritten = true;
                }
                if (!remaining.IsEmpty)
                {
                    stream.WaitingForWindow = true;
                    if (_sendWindow.Available <= 0 && !_windowWaiters.Contains(stream)) _windowWaiters.Add(stream);
                    wait = true;
                }
                else
                {
                    stream.WaitingForWindow = false;
                    if (endWritten)
                    {
                        stream.LocalClosed = true;
                        if (!stream.HeadReceived) stream.ArmTimer(Options.ResponseTimeout);
                        if (stream.RemoteClosed) UnregisterLocked(stream);
                    }
                    // An upstream that does not read holds the pipe full: wait for the flush (back-pressure).
                    wait = _flushInProgress;
                    if (wait) _flushWaiters.Add(stream);
                }
                if (_wroteSinceFlush) RequestFlushLocked();
            }
            if (!wait) return;
            await WaitAsync(stream.WindowSignal, cancellationToken).ConfigureAwait(false);
            if (remaining.IsEmpty)
            {
                lock (_lock)
                {
                    if (_transportBroken) throw FailureException(stream);
                }
                return;
            }
        }
    }

    /// <summary>
    /// Waits for the final response head. Returns <see cref="Http2ClientStreamFailure.None"/> when
    /// <see cref="Http2ClientStream.Head"/> is there, else why it will never come.
    /// </summary>
    public async ValueTask<Http2ClientStreamFailure> WaitForResponseHeadAsync(Http2ClientStream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (stream.HeadReceived) return Http2ClientStreamFailure.None;
                if (stream.Failure != Http2ClientStreamFailure.None) return stream.Failure;
            }
            await WaitAsync(stream.ResponseSignal, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancellation wakes the waiter through the stream (the forwarder cancels the stream on it).</summary>
    private static ValueTask WaitAsync(Server.Http2Signal signal, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return signal.WaitAsync();
    }

    /// <summary>The client went away: reset the stream (CANCEL) and wake whoever waits on it.</summary>
    public void Cancel(Http2ClientStream stream)
    {
        lock (_lock)
        {
            if (!stream.Registered) return;
            ResetLocked(stream, Http2ErrorCode.Cancel, Http2ClientStreamFailure.Cancelled);
        }
    }

    /// <summary>The response or body-idle timeout fired: reset the stream (CANCEL).</summary>
    internal void OnStreamTimeout(Http2ClientStream stream)
    {
        lock (_lock)
        {
            if (!stream.Registered || stream.RemoteClosed) return;
            ResetLocked(stream, Http2ErrorCode.Cancel, Http2ClientStreamFailure.TimedOut);
        }
    }

    /// <summary>
    /// The forwarder is done with the stream. One still open on the wire (an abandoned body, a request
    /// the client left) is reset with CANCEL (§8.1), so the upstream stops working on it. The slot frees up.
    /// </summary>
    public void Release(Http2ClientStream stream)
    {
        bool notify;
        lock (_lock)
        {
            if (stream.Registered) ResetLocked(stream, Http2ErrorCode.Cancel, Http2ClientStreamFailure.Cancelled);
            stream.Recycle();
            if (_pool.Count < MaxPooledStreams) _pool.Push(stream);
            ReleaseSlotLocked();
            notify = true;
            if (_wroteSinceFlush) RequestFlushLocked();
        }
        if (notify) Changed?.Invoke(this);
    }

    private void ReleaseSlotLocked()
    {
        _reserved--;
        if (_reserved == 0) IdleSince = Stopwatch.GetTimestamp();
        // After GOAWAY the connection closes when its last stream is done.
        if (_reserved == 0 && _goAwayReceived) _transport.Input.CancelPendingRead();
    }

    /// <summary>Body bytes the forwarder consumed go back to the peer (stream and connection windows).</summary>
    internal void OnBodyConsumed(Http2ClientStream stream, int bytes)
    {
        if (bytes <= 0) return;
        lock (_lock)
        {
            if (_dead) return;
            if (_receiveWindow.OnConsumed(bytes, out var increment)) WriteWindowUpdateLocked(0, increment);
            // A stream whose body ended needs no more window.
            if (stream.Registered && !stream.RemoteClosed && stream.ReceiveWindow.OnConsumed(bytes, out increment))
                WriteWindowUpdateLocked(stream.StreamId, increment);
            if (_wroteSinceFlush) RequestFlushLocked();
        }
    }

    /// <summary>RST_STREAM from us, and the stream fails with <paramref name="failure"/>.</summary>
    private void ResetLocked(Http2ClientStream stream, Http2ErrorCode code, Http2ClientStreamFailure failure)
    {
        if (!_dead && !_transportBroken)
        {
            Http2FrameWriter.WriteRstStream(_output, stream.StreamId, code);
            _wroteSinceFlush = true;
            RequestFlushLocked();
        }
        FailStreamLocked(stream, failure);
        UnregisterLocked(stream);
    }

    /// <summary>A stream error found by the read loop: RST_STREAM(code), the response fails as <paramref name="failure"/>.</summary>
    private void ResetStreamLocked(int id, Http2ErrorCode code, Http2ClientStreamFailure failure)
    {
        if (_streams.TryGetValue(id, out var stream))
        {
            ResetLocked(stream, code, failure);
            return;
        }
        Http2FrameWriter.WriteRstStream(_output, id, code);
        _wroteSinceFlush = true;
    }

    /// <summary>The stream will get nothing more: the failure is recorded once, the body ends with it, waiters wake.</summary>
    private void FailStreamLocked(Http2ClientStream stream, Http2ClientStreamFailure failure)
    {
        if (stream.Failure == Http2ClientStreamFailure.None && !(stream.RemoteClosed && stream.LocalClosed)) stream.Failure = failure;
        stream.LocalClosed = true;
        if (!stream.RemoteClosed)
        {
            stream.RemoteClosed = true;
            stream.CompleteBody(FailureException(stream));
        }
        stream.DisarmTimer();
        stream.ResponseSignal.Set();
        stream.WindowSignal.Set();
    }

    private void UnregisterLocked(Http2ClientStream stream)
    {
        if (!stream.Registered) return;
        stream.Registered = false;
        _streams.Remove(stream.StreamId);
        _windowWaiters.Remove(stream);
    }

    /// <summary>What a reader or writer of a failed stream throws.</summary>
    internal Exception FailureException(Http2ClientStream stream) => stream.Failure switch
    {
        Http2ClientStreamFailure.TimedOut => new TimeoutException($"no response data from {Name} within the timeout"),
        Http2ClientStreamFailure.Cancelled => new OperationCanceledException("the request was cancelled"),
        Http2ClientStreamFailure.Reset => new IOException($"{Name} reset the stream ({stream.ResetCode})"),
        Http2ClientStreamFailure.Refused => new IOException($"{Name} refused the stream"),
        Http2ClientStreamFailure.Malformed => new IOException($"{Name} sent a malformed response"),
        _ => new IOException($"the HTTP/2 connection to {Name} broke"),
    };
}
