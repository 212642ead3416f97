using System.Buffers;

namespace Edge.Http2.Frames;

/// <summary>
/// Cuts complete frames out of a connection's input (a <c>PipeReader</c>'s buffer). Each frame's payload
/// is a slice of the input, so nothing is copied, contiguous or not; per-type views parse it further.
/// <para>
/// The length is checked against the SETTINGS_MAX_FRAME_SIZE we announced as soon as the 9-byte header
/// is in (RFC 9113 §4.2), before waiting for the payload, so a peer cannot make us buffer more than one
/// maximum frame. An oversized frame is always a connection error here: §4.2 requires that for frames
/// that alter connection state (header blocks, SETTINGS, stream 0) and allows it for the rest, and
/// treating DATA the same spares us skipping up to 16 MiB we never wanted.
/// </para>
/// </summary>
internal static class Http2FrameReader
{
    /// <summary>
    /// Reads the next frame from the start of <paramref name="buffer"/>. Returns true with the frame and
    /// <paramref name="buffer"/> advanced past it. Returns false with <paramref name="error"/> none when
    /// more bytes are needed (nothing consumed), or with a connection error (FRAME_SIZE_ERROR).
    /// </summary>
    /// <param name="maxFrameSize">The SETTINGS_MAX_FRAME_SIZE we announced (16,384 until we announce more).</param>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out Http2Frame frame, out Http2Error error)
    {
        frame = default;
        error = Http2Error.None;
        if (buffer.Length < Http2FrameHeader.Size)
        {
            return false;
        }

        Http2FrameHeader header;
        var first = buffer.FirstSpan;
        if (first.Length >= Http2FrameHeader.Size)
        {
            header = Http2FrameHeader.Read(first);
        }
        else
        {
            // The header straddles segments: rare (a 4 KiB block boundary), so a 9-byte stack copy.
            Span<byte> scratch = stackalloc byte[Http2FrameHeader.Size];
            buffer.Slice(0, Http2FrameHeader.Size).CopyTo(scratch);
            header = Http2FrameHeader.Read(scratch);
        }

        if (header.Length > maxFrameSize)
        {
            error = Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.FrameTooLarge);
            return false;
        }

        long frameLength = Http2FrameHeader.Size + (long)header.Length;
        if (buffer.Length < frameLength)
        {
            return false;
        }

        frame = new Http2Frame(header, buffer.Slice(Http2FrameHeader.Size, header.Length));
        buffer = buffer.Slice(frameLength);
        return true;
    }
}
