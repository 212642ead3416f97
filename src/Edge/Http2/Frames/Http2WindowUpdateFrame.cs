using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// WINDOW_UPDATE (RFC 9113 §6.9): <c>Reserved (1), Window Size Increment (31)</c>, on a stream or on the
/// connection (stream 0). Applying the increment is <c>Http2SendWindow.Grow</c>'s job (overflow past
/// 2^31-1 is FLOW_CONTROL_ERROR, §6.9.1).
/// </summary>
internal readonly record struct Http2WindowUpdateFrame(int StreamId, int Increment)
{
    public const int PayloadLength = 4;

    /// <summary>
    /// Length ≠ 4 → connection FRAME_SIZE_ERROR (§6.9). An increment of 0 → PROTOCOL_ERROR, a stream
    /// error on a stream and a connection error on stream 0 ("errors on the connection flow-control
    /// window MUST be treated as a connection error", §6.9).
    /// </summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2WindowUpdateFrame update)
    {
        Debug.Assert(frame.Type == Http2FrameType.WindowUpdate);
        update = default;
        var header = frame.Header;
        if (header.Length != PayloadLength)
        {
            return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.WindowUpdateLength);
        }

        Span<byte> scratch = stackalloc byte[PayloadLength];
        int increment = (int)(BinaryPrimitives.ReadUInt32BigEndian(Http2FramePayload.Prefix(frame.Payload, scratch)) & Http2FrameHeader.StreamIdMask);
        update = new Http2WindowUpdateFrame(header.StreamId, increment);
        if (increment == 0)
        {
            return Http2Error.On(header.StreamId, Http2ErrorCode.ProtocolError, Http2ErrorReason.WindowUpdateZero);
        }

        return Http2Error.None;
    }
}
