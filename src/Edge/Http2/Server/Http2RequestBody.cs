using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Edge.Http;
using Edge.Transport;

namespace Edge.Http2.Server;

/// <summary>
/// A stream's request body as the core reads it: DATA payloads are copied by the connection's read loop
/// into a small per-stream pipe (the frame's bytes live in the connection's input, which must move on),
/// and the receive windows are credited back only as the core consumes (<see cref="Consume"/>), so the
/// stream window (64 KiB) bounds what one stream buffers and the connection window (1 MiB) what all do
/// (SECURITY.md case 34). The pipe has no pause threshold: flow control, not back-pressure, bounds it.
/// </summary>
internal sealed class Http2RequestBody : IHttpBodySource
{
    private readonly Http2Stream _stream;
    private readonly Pipe _pipe = new(new PipeOptions(PinnedBlockMemoryPool.Instance, PipeScheduler.ThreadPool, PipeScheduler.Inline,
        pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
    private ReadOnlySequence<byte> _held;
    private bool _holding;
    private bool _ended;
    private long _limit = long.MaxValue;

    public Http2RequestBody(Http2Stream stream) => _stream = stream;

    public long ContentLength { get; private set; }

    public long BytesRead { get; private set; }

    /// <summary>The read loop's side: where DATA payloads go.</summary>
    internal PipeWriter Writer => _pipe.Writer;

    public void Start(long contentLength)
    {
        ContentLength = contentLength;
        BytesRead = 0;
        _holding = false;
        _ended = false;
        _limit = long.MaxValue;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken)
    {
        if (_holding) throw new InvalidOperationException("Consume() the previous chunk first");
        if (_ended) return new BodyChunk(default, IsEnd: true);
        var reader = _pipe.Reader;
        while (true)
        {
            ReadResult result;
            _stream.BodyWaitStarted();
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _stream.BodyWaitEnded();
            }
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                if (BytesRead + buffer.Length > _limit)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw new BadHttpMessageException(RejectReason.BodyTooLarge);
                }
                _held = buffer;
                _holding = true;
                return new BodyChunk(buffer, IsEnd: false);
            }
            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                _ended = true;
                return new BodyChunk(default, IsEnd: true);
            }
            if (result.IsCanceled) throw new OperationCanceledException("request body read cancelled");
        }
    }

    public void LimitTo(long maxBytes) => _limit = maxBytes;

    public void Consume()
    {
        if (!_holding) return;
        _holding = false;
        var length = _held.Length;
        _pipe.Reader.AdvanceTo(_held.End);
        _held = default;
        BytesRead += length;
        _stream.OnBodyConsumed((int)length);
    }

    /// <summary>
    /// The exchange is over: whatever the core left unread is dropped, and its bytes are returned to the
    /// connection window (the stream's own window dies with the stream). Returns the bytes dropped.
    /// </summary>
    internal int DiscardUnread()
    {
        var dropped = 0;
        if (_holding)
        {
            _holding = false;
            _pipe.Reader.AdvanceTo(_held.End);
            dropped += (int)_held.Length;
            _held = default;
        }
        while (_pipe.Reader.TryRead(out var result))
        {
            dropped += (int)result.Buffer.Length;
            _pipe.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.Buffer.IsEmpty) break;
        }
        return dropped;
    }

    /// <summary>Both ends done (stream finished): the pipe can serve the next stream.</summary>
    internal void ResetPipe()
    {
        _pipe.Reader.Complete();
        _pipe.Writer.Complete();
        _pipe.Reset();
    }
}
