using System.Buffers;
using System.Runtime.CompilerServices;

namespace Edge.Http2.Frames;

/// <summary>Small reads from a payload that may straddle segments (fixed-size fields, Pad Length).</summary>
internal static class Http2FramePayload
{
    /// <summary>The payload's first octet; the caller has checked the payload is not empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte FirstByte(in ReadOnlySequence<byte> payload)
    {
        var first = payload.FirstSpan;
        return first.Length > 0 ? first[0] : FirstByteSlow(payload);
    }

    /// <summary>
    /// The first <paramref name="scratch"/>.Length octets of the payload, from the first segment when
    /// they are all there (the usual case) or copied into <paramref name="scratch"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Prefix(in ReadOnlySequence<byte> payload, Span<byte> scratch)
    {
        var first = payload.FirstSpan;
        if (first.Length >= scratch.Length)
        {
            return first.Slice(0, scratch.Length);
        }

        payload.Slice(0, scratch.Length).CopyTo(scratch);
        return scratch;
    }

    // A slice can start at the very end of a segment, leaving FirstSpan empty.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte FirstByteSlow(in ReadOnlySequence<byte> payload)
    {
        Span<byte> one = stackalloc byte[1];
        payload.Slice(0, 1).CopyTo(one);
        return one[0];
    }
}
