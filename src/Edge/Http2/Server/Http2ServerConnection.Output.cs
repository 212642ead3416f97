using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Pipelines;
using Edge.Http;
using Edge.Http2.FlowControl;
using Edge.Http2.Frames;
using Edge.Http2.Hpack;
using Edge.Http2.Streams;

namespace Edge.Http2.Server;

/// <summary>
/// The output path. Every frame is written into the transport's pipe under the connection lock, so
/// frames never interleave and HPACK's table changes reach the wire in the order they were made. Flushes
/// are coalesced: a writer asks for one (<see cref="RequestFlushLocked"/>), and one flush, run from the
/// thread pool right after the writer's own work item, sends whatever every stream wrote meanwhile (one
/// send for many responses). While a flush waits on a client that does not read (the pipe holds 64 KiB),
/// body writers wait for it too, and the send timeout runs (SECURITY.md case 39).
/// </summary>
internal sealed partial class Http2ServerConnection
{
    private bool _wroteSinceFlush;
    private bool _flushScheduled;
    private bool _flushInProgress;
    private bool _flushAgain;
    private long _flushStartedAt;
    private Task _pendingFlush = Task.CompletedTask;
    /// <summary>No more output: the connection is closing (after its last frames) or the transport broke.</summary>
    private bool _outputDone;
    private bool _transportBroken;

    /// <summary>Writes the response head as HEADERS (+ CONTINUATION) for <paramref name="stream"/>.</summary>
    internal void WriteResponseHeaders(Http2Stream stream, HttpResponseHead head, long contentLength, in ResponseExtras extra, bool endStream)
    {
        lock (_lock)
        {
            if (stream.Dead || _outputDone) throw new IOException("the stream was reset");
            var block = _headerBlock;
            block.Reset();
            _encoder.BeginHeaderBlock(block);
            // §8.3.2: :status is the only response pseudo-header, and comes first.
            Span<byte> status = stackalloc byte[3];
            status[0] = (byte)('0' + head.Status / 100 % 10);
            status[1] = (byte)('0' + head.Status / 10 % 10);
            status[2] = (byte)('0' + head.Status % 10);
            _encoder.EncodeHeader(":status"u8, status, HpackFlags.None, block);
            Span<byte> lower = stackalloc byte[128];
            // The core's own fields for this exchange (CORS, WWW-Authenticate): they replace any the upstream sent.
            var edits = stream.Exchange.ResponseFields;
            var removing = edits.Removed.Length > 0;
            for (var i = 0; i < head.HeaderCount; i++)
            {
                var kind = head.HeaderKind(i);
                // Connection-specific fields are never sent (§8.2.2); framing and Date are ours.
                if (KnownHeaders.IsHopByHopOrRewritten(kind) || kind == KnownHeader.Date || head.IsConnectionNominated(i)) continue;
                var name = head.HeaderName(i);
                if (removing && edits.IsRemoved(name)) continue;
                _encoder.EncodeHeader(ToLower(name, lower), head.HeaderValue(i), HpackFlags.None, block);
            }
            for (var i = 0; i < edits.AddedCount; i++)
                _encoder.EncodeHeader(ToLower(edits.AddedName(i), lower), edits.AddedValue(i), HpackFlags.None, block);
            _encoder.EncodeHeader("date"u8, DateHeaderCache.Shared.Value, HpackFlags.None, block);
            if (!extra.ContentType.IsEmpty) _encoder.EncodeHeader("content-type"u8, extra.ContentType, HpackFlags.None, block);
            if (!extra.Allow.IsEmpty) _encoder.EncodeHeader("allow"u8, extra.Allow, HpackFlags.None, block);
            if (contentLength >= 0)
            {
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(contentLength, digits, out var n);
                _encoder.EncodeHeader("content-length"u8, digits[..n], HpackFlags.None, block);
            }
            Http2FrameWriter.WriteHeaders(_output, stream.StreamId, block.WrittenSpan, endStream, _peer.Current.MaxFrameSize);
            _wroteSinceFlush = true;
            var queued = _flood.OnFrameQueued();
            if (queued.IsError) FailFromWriter(queued);
            if (endStream) OnEndStreamSentLocked(stream, Http2FrameType.Headers);
        }
    }

    /// <summary>
    /// Ends the stream with a trailer block (HEADERS + END_STREAM, §8.1) after its DATA: the DATA already
    /// written waits on nothing (trailers are not flow-controlled), connection-specific fields are dropped
    /// and names lower-cased as for the head. Completes when the output is not backed up.
    /// </summary>
    internal ValueTask WriteResponseTrailersAsync(Http2Stream stream, HttpHead trailers, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (stream.Dead || _outputDone) throw new IOException("the stream was reset");
            var block = _headerBlock;
            block.Reset();
            _encoder.BeginHeaderBlock(block);
            Span<byte> lower = stackalloc byte[128];
            for (var i = 0; i < trailers.HeaderCount; i++)
            {
                var kind = trailers.HeaderKind(i);
                if (KnownHeaders.IsHopByHopOrRewritten(kind) || trailers.IsConnectionNominated(i)) continue;
                _encoder.EncodeHeader(ToLower(trailers.HeaderName(i), lower), trailers.HeaderValue(i), HpackFlags.None, block);
            }
            Http2FrameWriter.WriteHeaders(_output, stream.StreamId, block.WrittenSpan, endStream: true, _peer.Current.MaxFrameSize);
            _wroteSinceFlush = true;
            var queued = _flood.OnFrameQueued();
            if (queued.IsError) FailFromWriter(queued);
            OnEndStreamSentLocked(stream, Http2FrameType.Headers);
            RequestFlushLocked();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Writes body bytes as DATA frames, as far as the stream and connection send windows allow (§6.9),
    /// waiting for WINDOW_UPDATEs in between; END_STREAM on the last frame when <paramref name="endStream"/>.
    /// Completes when everything is in the output pipe and the pipe is not backed up.
    /// </summary>
    internal async ValueTask WriteDataAsync(Http2Stream stream, ReadOnlySequence<byte> data, bool endStream, CancellationToken cancellationToken)
    {
        var remaining = data;
        var endWritten = false;
        while (true)
        {
            bool wait;
            lock (_lock)
            {
                if (stream.Dead || _outputDone) throw new IOException("the stream was reset");
                var now = 0L;
                var maxFrame = _peer.Current.MaxFrameSize;
                while (!remaining.IsEmpty)
                {
                    var n = Http2FlowControl.Sendable(stream.SendWindow, _sendWindow, (int)Math.Min(remaining.Length, int.MaxValue), maxFrame);
                    if (n <= 0) break;
                    var last = n == remaining.Length;
                    Http2FrameWriter.WriteData(_output, stream.StreamId, remaining.Slice(0, n), endStream && last, maxFrame);
                    Http2FlowControl.Consume(ref stream.SendWindow, ref _sendWindow, n);
                    _flood.OnDataFrameSent();
                    var queued = _flood.OnFrameQueued();
                    if (queued.IsError) FailFromWriter(queued);
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
                    // Window-blocked: wait for WINDOW_UPDATE; the stall timers run meanwhile (SECURITY.md case 34).
                    now = Stopwatch.GetTimestamp();
                    stream.WaitingForWindow = true;
                    if (stream.SendWindow.Available <= 0) stream.Stall.OnBlocked(now);
                    if (_sendWindow.Available <= 0)
                    {
                        _connectionStall.OnBlocked(now);
                        if (!_windowWaiters.Contains(stream)) _windowWaiters.Add(stream);
                    }
                    wait = true;
                }
                else
                {
                    stream.WaitingForWindow = false;
                    stream.Stall.OnUnblocked();
                    if (endWritten) OnEndStreamSentLocked(stream, Http2FrameType.Data);
                    // A client that is not reading holds the pipe full: wait for the flush (back-pressure).
                    wait = _flushInProgress;
                    if (wait) _flushWaiters.Add(stream);
                }
                if (_wroteSinceFlush) RequestFlushLocked();
            }
            if (!wait) return;
            await stream.Signal.WaitAsync().ConfigureAwait(false);
            if (remaining.IsEmpty)
            {
                lock (_lock)
                {
                    if (_transportBroken) throw new IOException("the client connection broke");
                }
                return;
            }
        }
    }

    /// <summary>END_STREAM went out: half-close our side, or close the stream if the client's side is closed too.</summary>
    private void OnEndStreamSentLocked(Http2Stream stream, Http2FrameType type)
    {
        var next = Http2StreamStateMachine.OnSent(stream.State, type, endStream: true);
        stream.State = next;
        if (next == Http2StreamState.Closed) CloseStreamLocked(stream, Http2StreamState.Closed);
    }

    /// <summary>Asks for a flush of what was written (coalesced with other streams' writes).</summary>
    internal void RequestFlush()
    {
        lock (_lock) RequestFlushLocked();
    }

    private void RequestFlushLocked()
    {
        if (_transportBroken) return;
        if (_flushInProgress)
        {
            _flushAgain = true;
            return;
        }
        if (_flushScheduled) return;
        _flushScheduled = true;
        // preferLocal: runs on this thread right after the current work item, so the writes of the streams
        // it serves next still join this flush.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    void IThreadPoolWorkItem.Execute()
    {
        lock (_lock)
        {
            _flushScheduled = false;
            if (_flushInProgress || _transportBroken) return;
            StartFlushLocked();
        }
    }

    private void StartFlushLocked()
    {
        _wroteSinceFlush = false;
        ValueTask<FlushResult> flush;
        try
        {
            flush = _output.FlushAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            OnTransportBrokenLocked();
            return;
        }
        if (flush.IsCompletedSuccessfully)
        {
            OnFlushedLocked(flush.Result);
            return;
        }
        _flushInProgress = true;
        _flushStartedAt = Stopwatch.GetTimestamp();
        _pendingFlush = AwaitFlushAsync(flush);
    }

    private async Task AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
        {
            result = new FlushResult(isCanceled: true, isCompleted: true);
        }
        lock (_lock)
        {
            _flushInProgress = false;
            OnFlushedLocked(result);
            if (_flushAgain && !_transportBroken)
            {
                _flushAgain = false;
                StartFlushLocked();
            }
        }
    }

    private void OnFlushedLocked(FlushResult result)
    {
        _flood.OnOutputDrained();
        if (result.IsCanceled || result.IsCompleted)
        {
            OnTransportBrokenLocked();
            return;
        }
        foreach (var waiter in _flushWaiters) waiter.Signal.Set();
        _flushWaiters.Clear();
    }

    /// <summary>The transport is gone (reset, abort): every writer fails, the read loop ends.</summary>
    private void OnTransportBrokenLocked()
    {
        if (_transportBroken) return;
        _transportBroken = true;
        _outputDone = true;
        foreach (var stream in _streams.Values) stream.Dead = true;
        foreach (var waiter in _flushWaiters) waiter.Signal.Set();
        _flushWaiters.Clear();
        foreach (var stream in _streams.Values) Wake(stream);
        _transport.Input.CancelPendingRead();
    }

    /// <summary>A writer tripped a flood limit (its frames pile up unsent): end the connection.</summary>
    private void FailFromWriter(Http2Error error)
    {
        Fail(error);
        _transport.Input.CancelPendingRead();
    }

    private static void Wake(Http2Stream stream) => stream.Signal.Set();

    /// <summary>Field names from an HTTP/1.1 upstream may be in any case; HTTP/2 requires lower case (§8.2.1).</summary>
    private static ReadOnlySpan<byte> ToLower(ReadOnlySpan<byte> name, Span<byte> scratch)
    {
        if (name.IndexOfAnyInRange((byte)'A', (byte)'Z') < 0) return name;
        var target = name.Length <= scratch.Length ? scratch[..name.Length] : new byte[name.Length];
        System.Text.Ascii.ToLower(name, target, out _);
        return target;
    }
}
