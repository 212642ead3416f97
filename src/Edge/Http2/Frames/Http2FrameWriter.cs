using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edge.Http2.Frames;

/// <summary>
/// Writes frames into an <see cref="IBufferWriter{T}"/> (the connection's <c>PipeWriter</c>), allocating
/// nothing. It never asks for a span larger than a frame header plus a fixed control payload, so it works
/// with a pool of small blocks (the transport's 4 KiB blocks); payloads are copied in as many pieces as
/// the writer hands out.
/// <para>
/// Framing only: the caller has already decided what may be sent. DATA lengths must fit the flow-control
/// windows (<c>Http2SendWindow</c>), and <paramref name="maxFrameSize"/> arguments are the peer's
/// SETTINGS_MAX_FRAME_SIZE (§4.2: frames above it MUST NOT be sent).
/// </para>
/// </summary>
internal static partial class Http2FrameWriter
{
    /// <summary>Writes a frame header; <paramref name="length"/> payload bytes must follow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteFrameHeader(IBufferWriter<byte> output, int length, Http2FrameType type, Http2FrameFlags flags, int streamId)
    {
        var span = output.GetSpan(Http2FrameHeader.Size);
        Http2FrameHeader.Write(span, length, type, flags, streamId);
        output.Advance(Http2FrameHeader.Size);
    }

    /// <summary>
    /// Writes <paramref name="data"/> as DATA frames of at most <paramref name="maxFrameSize"/> bytes,
    /// END_STREAM on the last when <paramref name="endStream"/>. Empty data with
    /// <paramref name="endStream"/> is one empty DATA(END_STREAM); empty data without it writes nothing
    /// (an empty DATA without END_STREAM says nothing, and peers count them as a flood, SECURITY.md case 33).
    /// </summary>
    public static void WriteData(IBufferWriter<byte> output, int streamId, ReadOnlySpan<byte> data, bool endStream, int maxFrameSize)
    {
        Debug.Assert(streamId > 0);
        if (data.IsEmpty)
        {
            if (endStream)
            {
                WriteFrameHeader(output, 0, Http2FrameType.Data, Http2FrameFlags.EndStream, streamId);
            }

            return;
        }

        while (!data.IsEmpty)
        {
            int length = Math.Min(data.Length, maxFrameSize);
            bool last = length == data.Length;
            var flags = last && endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
            WriteFrame(output, Http2FrameType.Data, flags, streamId, data.Slice(0, length));
            data = data.Slice(length);
        }
    }

    /// <summary>The same as <see cref="WriteData(IBufferWriter{byte}, int, ReadOnlySpan{byte}, bool, int)"/> for a body read from a pipe.</summary>
    public static void WriteData(IBufferWriter<byte> output, int streamId, in ReadOnlySequence<byte> data, bool endStream, int maxFrameSize)
    {
        if (data.IsSingleSegment)
        {
            WriteData(output, streamId, data.FirstSpan, endStream, maxFrameSize);
            return;
        }

        var remaining = data;
        while (!remaining.IsEmpty)
        {
            int length = (int)Math.Min(remaining.Length, maxFrameSize);
            bool last = length == remaining.Length;
            WriteFrameHeader(output, length, Http2FrameType.Data, last && endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId);
            foreach (var segment in remaining.Slice(0, length))
            {
                CopyTo(output, segment.Span);
            }

            remaining = remaining.Slice(length);
        }
    }

    /// <summary>
    /// Writes an encoded header block as HEADERS plus as many CONTINUATION frames as
    /// <paramref name="maxFrameSize"/> requires (§4.3: the frames go out back to back; the caller must
    /// not write any other frame in between, and must hold the connection's writer for the whole call).
    /// END_STREAM rides on HEADERS (§6.2: it applies to the whole block); END_HEADERS on the last frame.
    /// </summary>
    public static void WriteHeaders(IBufferWriter<byte> output, int streamId, ReadOnlySpan<byte> headerBlock, bool endStream, int maxFrameSize)
    {
        Debug.Assert(streamId > 0);
        int length = Math.Min(headerBlock.Length, maxFrameSize);
        var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        if (length == headerBlock.Length)
        {
            flags |= Http2FrameFlags.EndHeaders;
        }

        WriteFrame(output, Http2FrameType.Headers, flags, streamId, headerBlock.Slice(0, length));
        headerBlock = headerBlock.Slice(length);
        while (!headerBlock.IsEmpty)
        {
            length = Math.Min(headerBlock.Length, maxFrameSize);
            flags = length == headerBlock.Length ? Http2FrameFlags.EndHeaders : Http2FrameFlags.None;
            WriteFrame(output, Http2FrameType.Continuation, flags, streamId, headerBlock.Slice(0, length));
            headerBlock = headerBlock.Slice(length);
        }
    }

    /// <summary>Writes one frame: header and payload, in one span when the writer has room for both.</summary>
    private static void WriteFrame(IBufferWriter<byte> output, Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(Http2FrameHeader.Size);
        Http2FrameHeader.Write(span, payload.Length, type, flags, streamId);
        if (span.Length >= Http2FrameHeader.Size + payload.Length)
        {
            payload.CopyTo(span.Slice(Http2FrameHeader.Size));
            output.Advance(Http2FrameHeader.Size + payload.Length);
            return;
        }

        output.Advance(Http2FrameHeader.Size);
        CopyTo(output, payload);
    }

    /// <summary>Copies in whatever pieces the writer hands out, never asking for more than it offers.</summary>
    private static void CopyTo(IBufferWriter<byte> output, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var span = output.GetSpan();
            int n = Math.Min(span.Length, source.Length);
            source.Slice(0, n).CopyTo(span);
            output.Advance(n);
            source = source.Slice(n);
        }
    }
}
