using System.Buffers;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Finds the next CRLF-terminated line. RFC 9112 §2.2 lets a recipient accept a bare LF and says a
/// bare CR MUST be rejected or replaced by SP; Edge rejects both (SECURITY.md cases 7 and 8), so a
/// CR not followed by LF and any LF not preceded by CR throw here, before any field is looked at.
/// </summary>
internal static class Http1LineReader
{
    /// <summary>Length of the line before its CRLF, or -1 when no complete line is present yet.</summary>
    public static int FindLine(ReadOnlySpan<byte> span)
    {
        int i = span.IndexOfAny(HttpCharacters.CR, HttpCharacters.LF);
        if (i < 0)
        {
            return -1;
        }

        if (span[i] == HttpCharacters.LF)
        {
            BadHttpMessageException.Throw(RejectReason.BareLineFeed);
        }

        if (i + 1 == span.Length)
        {
            return -1; // CR is the last byte so far: the LF may still come.
        }

        if (span[i + 1] != HttpCharacters.LF)
        {
            BadHttpMessageException.Throw(RejectReason.BareCarriageReturn);
        }

        return i;
    }

    /// <summary>Multi-segment version of <see cref="FindLine(ReadOnlySpan{byte})"/>.</summary>
    public static long FindLine(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            return FindLine(data.FirstSpan);
        }

        long offset = 0;
        bool pendingCr = false;
        foreach (ReadOnlyMemory<byte> memory in data)
        {
            ReadOnlySpan<byte> span = memory.Span;
            if (span.IsEmpty)
            {
                continue;
            }

            if (pendingCr)
            {
                if (span[0] != HttpCharacters.LF)
                {
                    BadHttpMessageException.Throw(RejectReason.BareCarriageReturn);
                }

                return offset - 1;
            }

            int i = span.IndexOfAny(HttpCharacters.CR, HttpCharacters.LF);
            if (i >= 0)
            {
                if (span[i] == HttpCharacters.LF)
                {
                    BadHttpMessageException.Throw(RejectReason.BareLineFeed);
                }

                if (i + 1 < span.Length)
                {
                    if (span[i + 1] != HttpCharacters.LF)
                    {
                        BadHttpMessageException.Throw(RejectReason.BareCarriageReturn);
                    }

                    return offset + i;
                }

                pendingCr = true;
            }

            offset += span.Length;
        }

        return -1;
    }

    /// <summary>The bytes of an incomplete line, without a trailing CR that may be the start of CRLF.</summary>
    public static int PrefixLength(int available, ReadOnlySpan<byte> bytes)
        => available > 0 && bytes[available - 1] == HttpCharacters.CR ? available - 1 : available;
}
