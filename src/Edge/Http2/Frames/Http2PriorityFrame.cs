using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// PRIORITY (RFC 9113 §6.3): <c>Exclusive (1), Stream Dependency (31), Weight (8)</c>, 5 octets. The
/// scheme is deprecated (§5.3.2) and Edge ignores it, but the frame is still validated, and counted by
/// the flood detector (CVE-2019-9513, SECURITY.md case 35). It may arrive on a stream in any state,
/// idle and closed included (§5.1), and does not change that state.
/// </summary>
internal readonly record struct Http2PriorityFrame(int StreamId, int StreamDependency, bool IsExclusive, int Weight)
{
    public const int PayloadLength = 5;

    /// <summary>
    /// Stream 0 → connection PROTOCOL_ERROR; length ≠ 5 → stream FRAME_SIZE_ERROR (§6.3, which keeps a
    /// bad PRIORITY a stream error); a self-dependency → stream PROTOCOL_ERROR (§5.3.1).
    /// </summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2PriorityFrame priority)
    {
        Debug.Assert(frame.Type == Http2FrameType.Priority);
        priority = default;
        var header = frame.Header;
        if (header.StreamId == 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdZero);
        }

        if (header.Length != PayloadLength)
        {
            return Http2Error.Stream(header.StreamId, Http2ErrorCode.FrameSizeError, Http2ErrorReason.PriorityLength);
        }

        Span<byte> scratch = stackalloc byte[PayloadLength];
        var fields = Http2FramePayload.Prefix(frame.Payload, scratch);
        uint raw = BinaryPrimitives.ReadUInt32BigEndian(fields);
        int dependency = (int)(raw & Http2FrameHeader.StreamIdMask);
        priority = new Http2PriorityFrame(header.StreamId, dependency, (raw & 0x8000_0000) != 0, fields[4] + 1);
        if (dependency == header.StreamId)
        {
            return Http2Error.Stream(header.StreamId, Http2ErrorCode.ProtocolError, Http2ErrorReason.SelfDependency);
        }

        return Http2Error.None;
    }
}
