using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Resumable decoder for the chunked transfer coding (RFC 9112 §7.1):
/// <code>
/// chunked-body = *chunk last-chunk trailer-section CRLF
/// chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
/// last-chunk   = 1*("0") [ chunk-ext ] CRLF
/// </code>
/// One method per state. Body bytes are returned as slices of the input (no copy). Chunk-size lines
/// are consumed only when complete; the decoder remembers the state across calls, so input can be
/// cut anywhere. Limits: 64-bit sizes with an overflow check, chunk-extension bytes per message, the
/// body cap (413), and trailers within what the head left of its budget (431). One instance per
/// connection; <see cref="Reset"/> per message. Allocates nothing.
/// </summary>
internal sealed class ChunkedDecoder
{
    /// <summary>Room for the hex digits of a size line, leading zeros included (16 significant digits max).</summary>
    private const int MaxSizeDigits = 32;
    private const int StackLineBytes = 128;

    private readonly HttpParserLimits _limits;
    private State _state;
    private long _chunkRemaining;
    private long _bodyBytes;
    private long _maxBodyBytes;
    private int _extensionBytesRemaining;
    private int _trailerBytesRemaining;
    private int _trailerCountRemaining;

    public ChunkedDecoder(HttpParserLimits limits)
    {
        _limits = limits;
        Reset(long.MaxValue, limits.MaxHeadBytes);
    }

    private enum State : byte
    {
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Complete,
    }

    /// <summary>Decoded body bytes so far.</summary>
    public long BodyBytes => _bodyBytes;

    public bool IsComplete => _state == State.Complete;

    /// <summary>Changes the body cap mid-message (a route's own limit, known only after routing).</summary>
    public void SetMaxBodyBytes(long maxBodyBytes) => _maxBodyBytes = maxBodyBytes;

    /// <summary>Starts a new body. <paramref name="trailerBytesBudget"/> is what the head left of its
    /// limit (<see cref="Http1Parser.HeadBytesRemaining"/>).</summary>
    public void Reset(long maxBodyBytes, int trailerBytesBudget)
    {
        _state = State.ChunkSize;
        _chunkRemaining = 0;
        _bodyBytes = 0;
        _maxBodyBytes = maxBodyBytes;
        _extensionBytesRemaining = _limits.MaxChunkExtensionBytes;
        _trailerBytesRemaining = trailerBytesBudget;
        _trailerCountRemaining = _limits.MaxHeaderCount;
    }

    /// <summary>
    /// Advances through the chunked framing. Returns <see cref="ChunkedDecodeStatus.Data"/> with the
    /// next run of body bytes (already consumed from <paramref name="reader"/>; valid until the caller
    /// releases the buffer), <see cref="ChunkedDecodeStatus.NeedMoreData"/>, or
    /// <see cref="ChunkedDecodeStatus.Complete"/> once the trailer section has been consumed.
    /// </summary>
    public ChunkedDecodeStatus Decode(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data)
    {
        data = default;
        while (true)
        {
            bool progressed = _state switch
            {
                State.ChunkSize => TakeChunkSize(ref reader),
                State.ChunkData => TakeChunkData(ref reader, out data),
                State.ChunkDataEnd => TakeChunkDataEnd(ref reader),
                State.Trailers => TakeTrailers(ref reader),
                _ => true,
            };

            if (_state == State.Complete)
            {
                return ChunkedDecodeStatus.Complete;
            }

            if (!data.IsEmpty)
            {
                return ChunkedDecodeStatus.Data;
            }

            if (!progressed)
            {
                return ChunkedDecodeStatus.NeedMoreData;
            }
        }
    }

    private bool TakeChunkSize(ref SequenceReader<byte> reader)
    {
        int budget = MaxSizeDigits + _extensionBytesRemaining + 2;
        ReadOnlySpan<byte> span = reader.UnreadSpan;
        int length = Http1LineReader.FindLine(span[..Math.Min(span.Length, budget)]);
        if (length >= 0)
        {
            OnChunkSizeLine(span[..length]);
            reader.Advance(length + 2);
            return true;
        }

        return TakeChunkSizeSlow(ref reader, budget);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TakeChunkSizeSlow(ref SequenceReader<byte> reader, int budget)
    {
        ReadOnlySequence<byte> unread = reader.UnreadSequence;
        bool truncated = unread.Length > budget;
        if (truncated)
        {
            unread = unread.Slice(0, budget);
        }

        long length = Http1LineReader.FindLine(unread);
        int copyLength = (int)(length >= 0 ? length : unread.Length);
        byte[]? rented = null;
        Span<byte> buffer = copyLength <= StackLineBytes
            ? stackalloc byte[StackLineBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(copyLength));
        unread.Slice(0, copyLength).CopyTo(buffer);
        ReadOnlySpan<byte> line = buffer[..copyLength];
        if (length >= 0)
        {
            OnChunkSizeLine(line);
            reader.Advance(length + 2);
        }
        else
        {
            CheckChunkSizePrefix(line[..Http1LineReader.PrefixLength(copyLength, line)], truncated);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return length >= 0;
    }

    /// <summary>chunk-size [ chunk-ext ]: 1*HEXDIG (no "0x", sign or whitespace), overflow-checked
    /// ("anticipate ... large hexadecimal numerals", RFC 9112 §7.1).</summary>
    private void OnChunkSizeLine(ReadOnlySpan<byte> line)
    {
        int digits = line.IndexOfAnyExcept(HttpCharacters.HexDigit);
        if (digits < 0)
        {
            digits = line.Length;
        }

        if (digits == 0 || digits > MaxSizeDigits)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidChunkSize);
        }

        long size = 0;
        foreach (byte b in line[..digits])
        {
            if (size > (long.MaxValue >> 4))
            {
                BadHttpMessageException.Throw(RejectReason.InvalidChunkSize);
            }

            size = (size << 4) | (long)HexValue(b);
        }

        ReadOnlySpan<byte> extensions = line[digits..];
        if (!extensions.IsEmpty)
        {
            // RFC 9112 §7.1.1: a recipient ought to limit extension length (Go CVE-2023-39326).
            _extensionBytesRemaining -= extensions.Length;
            if (_extensionBytesRemaining < 0)
            {
                BadHttpMessageException.Throw(RejectReason.ChunkExtensionsTooLarge);
            }

            ChunkExtensions.Validate(extensions);
        }

        if (size == 0)
        {
            _state = State.Trailers;
            return;
        }

        if (size > _maxBodyBytes - _bodyBytes)
        {
            BadHttpMessageException.Throw(RejectReason.BodyTooLarge);
        }

        _chunkRemaining = size;
        _state = State.ChunkData;
    }

    private void CheckChunkSizePrefix(ReadOnlySpan<byte> prefix, bool truncated)
    {
        int digits = prefix.IndexOfAnyExcept(HttpCharacters.HexDigit);
        if (digits == 0 || (digits < 0 && prefix.Length > MaxSizeDigits)
            || (digits > 0 && prefix[digits] != (byte)';' && !HttpCharacters.IsWhitespace(prefix[digits])))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidChunkSize);
        }

        if (truncated)
        {
            BadHttpMessageException.Throw(RejectReason.ChunkExtensionsTooLarge);
        }
    }

    private bool TakeChunkData(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data)
    {
        long take = Math.Min(_chunkRemaining, reader.Remaining);
        if (take == 0)
        {
            data = default;
            return false;
        }

        data = reader.UnreadSequence.Slice(0, take);
        reader.Advance(take);
        _chunkRemaining -= take;
        _bodyBytes += take;
        if (_chunkRemaining == 0)
        {
            _state = State.ChunkDataEnd;
        }

        return true;
    }

    /// <summary>chunk-data is followed by exactly CRLF (a bare LF is refused, SECURITY.md case 8).</summary>
    private bool TakeChunkDataEnd(ref SequenceReader<byte> reader)
    {
        if (!reader.TryPeek(out byte first))
        {
            return false;
        }

        if (first != HttpCharacters.CR)
        {
            BadHttpMessageException.Throw(first == HttpCharacters.LF ? RejectReason.BareLineFeed : RejectReason.InvalidChunkTerminator);
        }

        if (!reader.TryPeek(1, out byte second))
        {
            return false;
        }

        if (second != HttpCharacters.LF)
        {
            BadHttpMessageException.Throw(RejectReason.BareCarriageReturn);
        }

        reader.Advance(2);
        _state = State.ChunkSize;
        return true;
    }

    private bool TakeTrailers(ref SequenceReader<byte> reader)
    {
        var discard = default(DiscardingFieldHandler);
        if (!Http1Parser.TryParseFieldLines(ref discard, ref reader, ref _trailerBytesRemaining, ref _trailerCountRemaining))
        {
            return false;
        }

        _state = State.Complete;
        return true;
    }

    private static int HexValue(byte b)
    {
        Debug.Assert(HttpCharacters.HexDigit.Contains(b));
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
