using System.Buffers;

namespace Edge.Http2.Frames;

/// <summary>
/// The client connection preface (RFC 9113 §3.4): the 24 octets
/// <c>PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n</c>, followed by a SETTINGS frame (possibly empty). A cleartext
/// listener that accepts both HTTP/1.1 and h2c with prior knowledge (§3.3) uses <see cref="Check(in ReadOnlySequence{byte})"/>
/// on the first bytes: the preface was chosen so that no valid HTTP/1.1 request starts with it, and any
/// byte that differs settles the question before 24 bytes arrive (an HTTP/1.1 "GET" differs at byte 0).
/// </summary>
internal static class Http2Preface
{
    public const int Length = 24;

    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Checks the start of <paramref name="input"/>; consumes nothing (slice 24 bytes on <see cref="Http2PrefaceStatus.Preface"/>).</summary>
    public static Http2PrefaceStatus Check(in ReadOnlySequence<byte> input)
    {
        if (input.IsSingleSegment || input.FirstSpan.Length >= Length)
        {
            return Check(input.FirstSpan);
        }

        Span<byte> scratch = stackalloc byte[Length];
        int available = (int)Math.Min(input.Length, Length);
        input.Slice(0, available).CopyTo(scratch);
        return Check(scratch.Slice(0, available));
    }

    /// <summary>Checks the start of <paramref name="input"/> (any length).</summary>
    public static Http2PrefaceStatus Check(ReadOnlySpan<byte> input)
    {
        var preface = ClientPreface;
        if (input.Length >= Length)
        {
            return input.StartsWith(preface) ? Http2PrefaceStatus.Preface : Http2PrefaceStatus.NotPreface;
        }

        return preface.StartsWith(input) ? Http2PrefaceStatus.NeedMoreData : Http2PrefaceStatus.NotPreface;
    }

    /// <summary>Writes the preface (an upstream connection's first bytes, before its SETTINGS).</summary>
    public static void Write(IBufferWriter<byte> output) => output.Write(ClientPreface);
}
