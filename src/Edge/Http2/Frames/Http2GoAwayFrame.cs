using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// GOAWAY (RFC 9113 §6.8):
/// <code>
/// GOAWAY Frame {
///   Length (24), Type (8) = 0x07, Unused Flags (8), Reserved (1), Stream Identifier (31) = 0,
///   Reserved (1), Last-Stream-ID (31),
///   Error Code (32),
///   Additional Debug Data (..),
/// }
/// </code>
/// <see cref="DebugData"/> is a slice of the payload; it is opaque and the peer's, so log it escaped and
/// truncated if at all.
/// </summary>
internal readonly struct Http2GoAwayFrame
{
    /// <summary>Last-Stream-ID and Error Code.</summary>
    public const int MinPayloadLength = 8;

    private Http2GoAwayFrame(int lastStreamId, Http2ErrorCode errorCode, ReadOnlySequence<byte> debugData)
    {
        LastStreamId = lastStreamId;
        ErrorCode = errorCode;
        DebugData = debugData;
    }

    /// <summary>The highest stream id the sender might have processed; streams above it may be retried (§6.8).</summary>
    public int LastStreamId { get; }

    public Http2ErrorCode ErrorCode { get; }

    public ReadOnlySequence<byte> DebugData { get; }

    /// <summary>Stream ≠ 0 → connection PROTOCOL_ERROR (§6.8); shorter than 8 → connection FRAME_SIZE_ERROR (§4.2).</summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2GoAwayFrame goAway)
    {
        Debug.Assert(frame.Type == Http2FrameType.GoAway);
        goAway = default;
        var header = frame.Header;
        if (header.StreamId != 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdNotZero);
        }

        if (header.Length < MinPayloadLength)
        {
            return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.FrameTooShort);
        }

        Span<byte> scratch = stackalloc byte[MinPayloadLength];
        var fields = Http2FramePayload.Prefix(frame.Payload, scratch);
        int lastStreamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(fields) & Http2FrameHeader.StreamIdMask);
        var code = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(fields.Slice(4));
        goAway = new Http2GoAwayFrame(lastStreamId, code, frame.Payload.Slice(MinPayloadLength));
        return Http2Error.None;
    }
}
