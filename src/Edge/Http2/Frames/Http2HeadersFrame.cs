using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// HEADERS (RFC 9113 §6.2):
/// <code>
/// HEADERS Frame {
///   Length (24), Type (8) = 0x01,
///   Unused Flags (2), PRIORITY Flag (1), Unused Flag (1), PADDED Flag (1),
///   END_HEADERS Flag (1), Unused Flag (1), END_STREAM Flag (1),
///   Reserved (1), Stream Identifier (31),
///   [Pad Length (8)],
///   [Exclusive (1)], [Stream Dependency (31)], [Weight (8)],
///   Field Block Fragment (..),
///   Padding (..2040),
/// }
/// </code>
/// Priority fields are read (to catch a self-dependency, §5.3.1) and otherwise ignored: RFC 9113 §5.3.2
/// deprecates the RFC 7540 scheme and Edge schedules streams in arrival order.
/// </summary>
internal readonly struct Http2HeadersFrame
{
    private const int PriorityFieldsLength = 5;

    private Http2HeadersFrame(Http2FrameFlags flags, int streamId, int streamDependency, bool exclusive, int weight, ReadOnlySequence<byte> fragment)
    {
        Flags = flags;
        StreamId = streamId;
        StreamDependency = streamDependency;
        IsExclusive = exclusive;
        Weight = weight;
        Fragment = fragment;
    }

    public int StreamId { get; }

    public Http2FrameFlags Flags { get; }

    public bool EndStream => (Flags & Http2FrameFlags.EndStream) != 0;

    public bool EndHeaders => (Flags & Http2FrameFlags.EndHeaders) != 0;

    public bool HasPriority => (Flags & Http2FrameFlags.Priority) != 0;

    /// <summary>Only meaningful with <see cref="HasPriority"/>; ignored.</summary>
    public int StreamDependency { get; }

    /// <summary>Only meaningful with <see cref="HasPriority"/>; ignored.</summary>
    public bool IsExclusive { get; }

    /// <summary>1..256 with <see cref="HasPriority"/> (the wire value plus one); ignored.</summary>
    public int Weight { get; }

    /// <summary>The field block fragment, padding and priority fields removed (a slice; no copy).</summary>
    public ReadOnlySequence<byte> Fragment { get; }

    /// <summary>
    /// Validates a HEADERS frame. Connection errors: stream 0 → PROTOCOL_ERROR (§6.2); flags announce
    /// more fields than the payload holds → FRAME_SIZE_ERROR (§4.2); padding longer than what remains
    /// → PROTOCOL_ERROR (§6.2). A self-dependency is a stream error PROTOCOL_ERROR (§5.3.1), and then
    /// <paramref name="headers"/> is still filled in: the block must still go through HPACK to keep the
    /// decoder in step with the peer (§4.3) before the stream is reset.
    /// </summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2HeadersFrame headers)
    {
        Debug.Assert(frame.Type == Http2FrameType.Headers);
        headers = default;
        var header = frame.Header;
        if (header.StreamId == 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdZero);
        }

        bool padded = header.HasFlag(Http2FrameFlags.Padded);
        bool priority = header.HasFlag(Http2FrameFlags.Priority);
        int prefix = (padded ? 1 : 0) + (priority ? PriorityFieldsLength : 0);
        if (header.Length < prefix)
        {
            return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.FrameTooShort);
        }

        var payload = frame.Payload;
        int padLength = 0;
        int dependency = 0;
        bool exclusive = false;
        int weight = 0;
        if (prefix > 0)
        {
            Span<byte> scratch = stackalloc byte[1 + PriorityFieldsLength];
            var fields = Http2FramePayload.Prefix(payload, scratch.Slice(0, prefix));
            if (padded)
            {
                padLength = fields[0];
                fields = fields.Slice(1);
            }

            if (priority)
            {
                uint raw = BinaryPrimitives.ReadUInt32BigEndian(fields);
                exclusive = (raw & 0x8000_0000) != 0;
                dependency = (int)(raw & Http2FrameHeader.StreamIdMask);
                weight = fields[4] + 1;
            }
        }

        // "Padding that exceeds the size remaining for the field block fragment MUST be treated as a
        // PROTOCOL_ERROR" (§6.2).
        int fragmentLength = header.Length - prefix - padLength;
        if (fragmentLength < 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.PaddingTooLong);
        }

        headers = new Http2HeadersFrame(header.Flags, header.StreamId, dependency, exclusive, weight, payload.Slice(prefix, fragmentLength));
        if (priority && dependency == header.StreamId)
        {
            return Http2Error.Stream(header.StreamId, Http2ErrorCode.ProtocolError, Http2ErrorReason.SelfDependency);
        }

        return Http2Error.None;
    }
}
