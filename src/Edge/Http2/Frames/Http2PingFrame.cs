using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// PING (RFC 9113 §6.7): 8 octets of opaque data, echoed back in a PING with ACK. The data is held as
/// one big-endian <see cref="ulong"/> so the answer is written back byte for byte without a buffer.
/// </summary>
internal readonly record struct Http2PingFrame(bool IsAck, ulong OpaqueData)
{
    public const int PayloadLength = 8;

    /// <summary>Stream ≠ 0 → connection PROTOCOL_ERROR; length ≠ 8 → connection FRAME_SIZE_ERROR (§6.7).</summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2PingFrame ping)
    {
        Debug.Assert(frame.Type == Http2FrameType.Ping);
        ping = default;
        var header = frame.Header;
        if (header.StreamId != 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdNotZero);
        }

        if (header.Length != PayloadLength)
        {
            return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.PingLength);
        }

        Span<byte> scratch = stackalloc byte[PayloadLength];
        ping = new Http2PingFrame(header.HasFlag(Http2FrameFlags.Ack), BinaryPrimitives.ReadUInt64BigEndian(Http2FramePayload.Prefix(frame.Payload, scratch)));
        return Http2Error.None;
    }
}
