using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// RST_STREAM (RFC 9113 §6.4): <c>Error Code (32)</c>. The code is kept raw: unknown codes are legal and
/// mean nothing special (§7). A peer's RST_STREAM feeds the rapid-reset detector (CVE-2023-44487).
/// </summary>
internal readonly record struct Http2RstStreamFrame(int StreamId, Http2ErrorCode ErrorCode)
{
    public const int PayloadLength = 4;

    /// <summary>Stream 0 → connection PROTOCOL_ERROR; length ≠ 4 → connection FRAME_SIZE_ERROR (§6.4).
    /// RST_STREAM on an idle stream (also PROTOCOL_ERROR) is the stream table's check.</summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2RstStreamFrame rst)
    {
        Debug.Assert(frame.Type == Http2FrameType.RstStream);
        rst = default;
        var header = frame.Header;
        if (header.StreamId == 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdZero);
        }

        if (header.Length != PayloadLength)
        {
            return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.RstStreamLength);
        }

        Span<byte> scratch = stackalloc byte[PayloadLength];
        rst = new Http2RstStreamFrame(header.StreamId, (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Http2FramePayload.Prefix(frame.Payload, scratch)));
        return Http2Error.None;
    }
}
