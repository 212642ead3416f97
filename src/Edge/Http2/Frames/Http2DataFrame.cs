using System.Buffers;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// DATA (RFC 9113 §6.1):
/// <code>
/// DATA Frame {
///   Length (24), Type (8) = 0x00,
///   Unused Flags (4), PADDED Flag (1), Unused Flags (2), END_STREAM Flag (1),
///   Reserved (1), Stream Identifier (31),
///   [Pad Length (8)],
///   Data (..),
///   Padding (..2040),
/// }
/// </code>
/// <see cref="Data"/> is a slice of the frame's payload (no copy). Flow control counts the whole payload,
/// Pad Length and padding included (§6.9.1): that is <see cref="FlowControlledLength"/>, and the padding
/// part (<see cref="FlowControlledLength"/> - Data.Length) is consumed at once, never by the application.
/// </summary>
internal readonly struct Http2DataFrame
{
    private Http2DataFrame(int streamId, bool endStream, int flowControlledLength, ReadOnlySequence<byte> data)
    {
        StreamId = streamId;
        EndStream = endStream;
        FlowControlledLength = flowControlledLength;
        Data = data;
    }

    public int StreamId { get; }

    public bool EndStream { get; }

    /// <summary>The whole payload length: what this frame takes from the stream and connection windows.</summary>
    public int FlowControlledLength { get; }

    /// <summary>The content, padding removed.</summary>
    public ReadOnlySequence<byte> Data { get; }

    /// <summary>
    /// Validates a DATA frame. Errors (all connection errors): stream 0 → PROTOCOL_ERROR (§6.1);
    /// PADDED without room for Pad Length → FRAME_SIZE_ERROR (§4.2); padding as long as the payload or
    /// longer → PROTOCOL_ERROR (§6.1). Whether the stream may receive DATA is the stream table's call.
    /// </summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2DataFrame data)
    {
        Debug.Assert(frame.Type == Http2FrameType.Data);
        data = default;
        var header = frame.Header;
        if (header.StreamId == 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdZero);
        }

        var content = frame.Payload;
        if (header.HasFlag(Http2FrameFlags.Padded))
        {
            if (header.Length < 1)
            {
                return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.FrameTooShort);
            }

            // "If the length of the padding is the length of the frame payload or greater, the recipient
            // MUST treat this as a connection error of type PROTOCOL_ERROR" (§6.1).
            int padLength = Http2FramePayload.FirstByte(content);
            if (padLength >= header.Length)
            {
                return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.PaddingTooLong);
            }

            content = content.Slice(1, header.Length - 1 - padLength);
        }

        data = new Http2DataFrame(header.StreamId, header.HasFlag(Http2FrameFlags.EndStream), header.Length, content);
        return Http2Error.None;
    }
}
