using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Strict HTTP/1.1 head parser (RFC 9112 §2–5), generic over a struct handler.
/// <para>
/// Resumable by line: each call consumes only complete lines (start line, field lines, the final
/// empty line) and leaves an incomplete line unconsumed, returning false ("need more data"); the
/// parser remembers which part of the head it is in, the bytes left in the head budget and the
/// field count. Call again with the same bytes plus more. Malformed input throws
/// <see cref="BadHttpMessageException"/>, as early as the bytes present prove it (an incomplete line
/// is checked as a prefix). Limits are enforced by slicing the input to the remaining budget, so
/// nothing past it is ever searched (Kestrel's <c>TakeMessageHeaders</c>).
/// </para>
/// One instance per connection; <see cref="Reset"/> before each message. Allocates nothing.
/// </summary>
internal sealed class Http1Parser
{
    private const int StackLineBytes = 256;

    private readonly HttpParserLimits _limits;
    private State _state;
    private int _headBytesRemaining;
    private int _headersRemaining;
    private int _emptyLines;

    public Http1Parser(HttpParserLimits limits)
    {
        _limits = limits;
        Reset();
    }

    private enum State : byte
    {
        StartLine,
        Fields,
        Complete,
    }

    private enum LineKind : byte
    {
        RequestLine,
        StatusLine,
        Field,
        FieldOverCount,
    }

    public HttpParserLimits Limits => _limits;

    /// <summary>Head bytes not used by the last head: the budget for that message's chunked trailers.</summary>
    public int HeadBytesRemaining => _headBytesRemaining;

    /// <summary>True once a whole head has been parsed (until <see cref="Reset"/>).</summary>
    public bool IsComplete => _state == State.Complete;

    /// <summary>Prepares for the next message on the connection.</summary>
    public void Reset()
    {
        _state = State.StartLine;
        _headBytesRemaining = _limits.MaxHeadBytes;
        _headersRemaining = _limits.MaxHeaderCount;
        _emptyLines = 0;
    }

    /// <summary>Parses a request head. True when the whole head was consumed and
    /// <see cref="IHttp1HeadHandler.OnHeadersComplete"/> was called; false when more data is needed.</summary>
    public bool TryParseRequestHead<THandler>(ref THandler handler, ref SequenceReader<byte> reader)
        where THandler : struct, IHttp1HeadHandler
        => TryParseHead(ref handler, ref reader, LineKind.RequestLine);

    /// <summary>Parses a response head (an upstream's answer). Same contract as for requests.</summary>
    public bool TryParseResponseHead<THandler>(ref THandler handler, ref SequenceReader<byte> reader)
        where THandler : struct, IHttp1HeadHandler
        => TryParseHead(ref handler, ref reader, LineKind.StatusLine);

    /// <summary>
    /// Consumes field lines up to and including the empty line that ends them. Used for the head and
    /// for chunked trailers (RFC 9112 §7.1.2), with the caller's byte and count budgets.
    /// </summary>
    public static bool TryParseFieldLines<THandler>(
        ref THandler handler, ref SequenceReader<byte> reader, ref int bytesRemaining, ref int countRemaining)
        where THandler : struct, IHttp1HeadHandler
    {
        while (true)
        {
            LineKind kind = countRemaining > 0 ? LineKind.Field : LineKind.FieldOverCount;
            long length = TakeLine(ref handler, ref reader, bytesRemaining, kind, RejectReason.HeadersTooLarge);
            if (length < 0)
            {
                return false;
            }

            bytesRemaining -= (int)length + 2;
            if (length == 0)
            {
                return true;
            }

            countRemaining--;
        }
    }

    private bool TryParseHead<THandler>(ref THandler handler, ref SequenceReader<byte> reader, LineKind startKind)
        where THandler : struct, IHttp1HeadHandler
    {
        if (_state == State.StartLine)
        {
            int budget = Math.Min(_limits.MaxRequestLineBytes, _headBytesRemaining);
            RejectReason overLimit = startKind == LineKind.RequestLine
                ? RejectReason.RequestLineTooLong
                : RejectReason.HeadersTooLarge;
            while (true)
            {
                long length = TakeLine(ref handler, ref reader, budget, startKind, overLimit);
                if (length < 0)
                {
                    return false;
                }

                _headBytesRemaining -= (int)length + 2;
                if (length > 0)
                {
                    break;
                }

                // RFC 9112 §2.2: SHOULD ignore at least one empty line before the start line; capped.
                if (++_emptyLines > _limits.MaxLeadingEmptyLines)
                {
                    BadHttpMessageException.Throw(RejectReason.TooManyLeadingEmptyLines);
                }
            }

            _state = State.Fields;
        }

        if (_state == State.Fields)
        {
            if (!TryParseFieldLines(ref handler, ref reader, ref _headBytesRemaining, ref _headersRemaining))
            {
                return false;
            }

            _state = State.Complete;
            handler.OnHeadersComplete();
            return true;
        }

        Debug.Assert(_state == State.Complete, "Reset() was not called after the previous head.");
        return true;
    }

    /// <summary>
    /// Takes one CRLF-terminated line of at most <paramref name="budget"/> bytes (CRLF included),
    /// parses and consumes it. Returns its length without CRLF, or -1 (nothing consumed) when the
    /// line is not complete yet.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long TakeLine<THandler>(
        ref THandler handler, ref SequenceReader<byte> reader, int budget, LineKind kind, RejectReason overLimit)
        where THandler : struct, IHttp1HeadHandler
    {
        // Fast path: the line lies in the current segment.
        ReadOnlySpan<byte> span = reader.UnreadSpan;
        int window = Math.Min(span.Length, Math.Max(budget, 0));
        int length = Http1LineReader.FindLine(span[..window]);
        if (length >= 0)
        {
            if (length > 0)
            {
                ParseLine(ref handler, span[..length], complete: true, kind);
            }

            reader.Advance(length + 2);
            return length;
        }

        if (span.Length == reader.Remaining)
        {
            // Single segment and no line: over the limit, or check what we have and wait.
            if (span.Length >= budget)
            {
                BadHttpMessageException.Throw(overLimit);
            }

            ParseLine(ref handler, span[..Http1LineReader.PrefixLength(span.Length, span)], complete: false, kind);
            return -1;
        }

        return TakeLineMultiSegment(ref handler, ref reader, budget, kind, overLimit);
    }

    /// <summary>The line spans segments: copy it (stack for short lines, pool otherwise) as Kestrel does.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long TakeLineMultiSegment<THandler>(
        ref THandler handler, ref SequenceReader<byte> reader, int budget, LineKind kind, RejectReason overLimit)
        where THandler : struct, IHttp1HeadHandler
    {
        ReadOnlySequence<byte> unread = reader.UnreadSequence;
        bool truncated = unread.Length > budget;
        if (truncated)
        {
            unread = unread.Slice(0, Math.Max(budget, 0));
        }

        long length = Http1LineReader.FindLine(unread);
        if (length < 0 && truncated)
        {
            BadHttpMessageException.Throw(overLimit);
        }

        int copyLength = (int)(length >= 0 ? length : unread.Length);
        byte[]? rented = null;
        Span<byte> buffer = copyLength <= StackLineBytes
            ? stackalloc byte[StackLineBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(copyLength));
        unread.Slice(0, copyLength).CopyTo(buffer);
        ReadOnlySpan<byte> line = buffer[..copyLength];

        // On a throw the rented array is not returned; the connection is being closed anyway and the
        // pool tolerates it.
        if (length < 0)
        {
            ParseLine(ref handler, line[..Http1LineReader.PrefixLength(copyLength, line)], complete: false, kind);
        }
        else
        {
            if (length > 0)
            {
                ParseLine(ref handler, line, complete: true, kind);
            }

            reader.Advance(length + 2);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ParseLine<THandler>(ref THandler handler, ReadOnlySpan<byte> line, bool complete, LineKind kind)
        where THandler : struct, IHttp1HeadHandler
    {
        switch (kind)
        {
            case LineKind.Field:
                Http1FieldLine.Parse(ref handler, line, complete);
                break;
            case LineKind.FieldOverCount:
                if (!line.IsEmpty)
                {
                    BadHttpMessageException.Throw(RejectReason.TooManyHeaders);
                }

                break;
            case LineKind.RequestLine:
                Http1StartLine.ParseRequestLine(ref handler, line, complete);
                break;
            default:
                Http1StartLine.ParseStatusLine(ref handler, line, complete);
                break;
        }
    }
}
