using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Edge.Http2.Frames;

/// <summary>
/// Joins a header block's fragments (HEADERS, then CONTINUATION frames until END_HEADERS) into one span
/// for the HPACK decoder, and enforces the rules around them. One per connection; not thread-safe.
/// <para>
/// <b>Sequence (§4.3, §6.10).</b> Once a HEADERS without END_HEADERS is seen, only CONTINUATION frames
/// on the same stream may follow until END_HEADERS: "any other type or a frame on a different stream"
/// is a connection error PROTOCOL_ERROR, and so is a CONTINUATION with no open block. The connection
/// loop calls <see cref="CheckSequence"/> for every frame before handling it, unknown types included.
/// </para>
/// <para>
/// <b>Bounds (CONTINUATION flood, SECURITY.md case 28; CVE-2024-27316, CVE-2023-45288).</b> Nothing can
/// be decoded before the block is complete, so an attacker who never sends END_HEADERS makes us hold
/// what it sent. Three limits close that: the encoded block may not exceed <see cref="MaxBlockBytes"/>
/// (default 64 KiB: four times the 16 KiB decoded header list, so a slightly oversized list still
/// reaches HPACK and is refused per stream with 431, while the connection survives); a block may use at
/// most <see cref="MaxContinuations"/> CONTINUATION frames (nghttp2's 8), which stops floods of empty or
/// 1-byte frames after a handful; and <see cref="CheckTimeout"/> ends a block still open after the header
/// timeout (one CONTINUATION every 5 s, case 28c). Each is a connection error ENHANCE_YOUR_CALM: the
/// HPACK context cannot skip a block it did not decode, so the stream alone cannot be refused, and the
/// peer is not violating the protocol but loading us.
/// </para>
/// <para>
/// <b>Memory.</b> A block that arrives whole in one contiguous HEADERS frame is handed over as a slice of
/// the frame (no copy; valid until the input is advanced, so decode before that). Otherwise fragments are
/// copied into an array rented from <see cref="ArrayPool{T}.Shared"/>, grown by doubling up to the bound;
/// <see cref="Reset"/> clears and returns it, so an idle connection holds no buffer.
/// </para>
/// </summary>
internal sealed class Http2HeaderBlockAssembler : IDisposable
{
    /// <summary>Default bound on the encoded block: 4 × the 16 KiB decoded header list (DESIGN.md §6).</summary>
    public const int DefaultMaxBlockBytes = 64 * 1024;

    /// <summary>Default CONTINUATION frames per block: nghttp2's NGHTTP2_DEFAULT_MAX_CONTINUATIONS.</summary>
    public const int DefaultMaxContinuations = 8;

    private const int InitialBufferSize = 4096;

    private readonly long _timeoutTicks;
    private byte[]? _buffer;
    private int _length;
    private ReadOnlyMemory<byte> _direct;
    private State _state;

    /// <param name="maxBlockBytes">Bound on the encoded block (all fragments together).</param>
    /// <param name="maxContinuations">CONTINUATION frames allowed after one HEADERS.</param>
    /// <param name="timeout">How long a block may stay open (SECURITY.md case 28c: the 10 s header timeout).</param>
    /// <param name="timestampFrequency">Ticks per second of the timestamps passed in (TimeProvider.TimestampFrequency).</param>
    public Http2HeaderBlockAssembler(int maxBlockBytes, int maxContinuations, TimeSpan timeout, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBlockBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxContinuations);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        MaxBlockBytes = maxBlockBytes;
        MaxContinuations = maxContinuations;
        _timeoutTicks = (long)(timeout.TotalSeconds * timestampFrequency);
    }

    private enum State : byte
    {
        /// <summary>No block: any frame but CONTINUATION may come.</summary>
        Idle,

        /// <summary>HEADERS without END_HEADERS seen: only CONTINUATION on <see cref="StreamId"/>.</summary>
        Open,

        /// <summary>END_HEADERS seen: <see cref="Block"/> is ready until <see cref="Reset"/>.</summary>
        Complete,
    }

    public int MaxBlockBytes { get; }

    public int MaxContinuations { get; }

    /// <summary>A block is open and waits for CONTINUATION frames.</summary>
    public bool IsOpen => _state == State.Open;

    /// <summary>The block is complete; decode <see cref="Block"/>, then <see cref="Reset"/>.</summary>
    public bool IsComplete => _state == State.Complete;

    /// <summary>The stream of the current block.</summary>
    public int StreamId { get; private set; }

    /// <summary>The HEADERS frame carried END_STREAM (it applies once the block completes, §6.2).</summary>
    public bool EndStream { get; private set; }

    /// <summary>CONTINUATION frames received for the current block.</summary>
    public int ContinuationCount { get; private set; }

    /// <summary>When the current block's HEADERS arrived (timestamp ticks).</summary>
    public long StartedAt { get; private set; }

    /// <summary>The complete encoded block; only valid while <see cref="IsComplete"/>.</summary>
    public ReadOnlySpan<byte> Block =>
        _state != State.Complete ? ReadOnlySpan<byte>.Empty
        : _buffer is null ? _direct.Span
        : _buffer.AsSpan(0, _length);

    /// <summary>
    /// The interleaving rules of §6.10 for the next frame, whatever its type: while a block is open only a
    /// CONTINUATION on the same stream is legal; with no block open a CONTINUATION is not.
    /// </summary>
    public Http2Error CheckSequence(in Http2FrameHeader header)
    {
        if (_state == State.Open)
        {
            if (header.Type != Http2FrameType.Continuation)
            {
                return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.ContinuationExpected);
            }

            if (header.StreamId != StreamId)
            {
                return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.ContinuationWrongStream);
            }

            return Http2Error.None;
        }

        return header.Type == Http2FrameType.Continuation
            ? Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.ContinuationUnexpected)
            : Http2Error.None;
    }

    /// <summary>Starts a block from a parsed HEADERS frame; complete at once when it carries END_HEADERS.</summary>
    public Http2Error Begin(in Http2HeadersFrame headers, long now)
    {
        if (_state != State.Idle)
        {
            // A previous block was not reset (a loop bug); never let it leak into this one.
            Reset();
        }

        StreamId = headers.StreamId;
        EndStream = headers.EndStream;
        ContinuationCount = 0;
        StartedAt = now;
        var fragment = headers.Fragment;
        if (fragment.Length > MaxBlockBytes)
        {
            return TooLarge();
        }

        if (headers.EndHeaders && fragment.IsSingleSegment)
        {
            // The common case: the whole block in one contiguous frame. Hand it over without a copy.
            _direct = fragment.First;
            _state = State.Complete;
            return Http2Error.None;
        }

        Append(fragment);
        _state = headers.EndHeaders ? State.Complete : State.Open;
        return Http2Error.None;
    }

    /// <summary>Adds a CONTINUATION's fragment; <see cref="CheckSequence"/> has already accepted the frame.</summary>
    public Http2Error Append(in Http2ContinuationFrame continuation)
    {
        if (_state != State.Open || continuation.StreamId != StreamId)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.ContinuationUnexpected);
        }

        if (++ContinuationCount > MaxContinuations)
        {
            return Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.TooManyContinuations);
        }

        var fragment = continuation.Fragment;
        if (_length + fragment.Length > MaxBlockBytes)
        {
            return TooLarge();
        }

        Append(fragment);
        if (continuation.EndHeaders)
        {
            _state = State.Complete;
        }

        return Http2Error.None;
    }

    /// <summary>A block left open longer than the timeout → connection error ENHANCE_YOUR_CALM (SECURITY.md case 28c).</summary>
    public Http2Error CheckTimeout(long now) =>
        _state == State.Open && now - StartedAt >= _timeoutTicks
            ? Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.HeaderBlockTimeout)
            : Http2Error.None;

    /// <summary>Ends the current block (after decoding it, or on error); clears and returns a rented buffer.</summary>
    public void Reset()
    {
        _state = State.Idle;
        _direct = default;
        StreamId = 0;
        EndStream = false;
        ContinuationCount = 0;
        if (_buffer is not null)
        {
            // The block held header values (cookies, credentials): clear what we used before the pool reuses it.
            _buffer.AsSpan(0, _length).Clear();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _length = 0;
    }

    public void Dispose() => Reset();

    private static Http2Error TooLarge() =>
        Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.HeaderBlockTooLarge);

    private void Append(in ReadOnlySequence<byte> fragment)
    {
        int needed = _length + (int)fragment.Length;
        if (_buffer is null || needed > _buffer.Length)
        {
            Grow(needed);
        }

        fragment.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }

    [MemberNotNull(nameof(_buffer))]
    private void Grow(int needed)
    {
        int size = Math.Max(needed, _buffer is null ? InitialBufferSize : _buffer.Length * 2);
        size = Math.Min(size, MaxBlockBytes);
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(size, needed));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _length).CopyTo(next);
            _buffer.AsSpan(0, _length).Clear();
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
    }
}
