using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Edge.Http2.Frames;

/// <summary>
/// The 9-octet frame header (RFC 9113 §4.1):
/// <code>
/// +-----------------------------------------------+
/// |                 Length (24)                   |
/// +---------------+---------------+---------------+
/// |   Type (8)    |   Flags (8)   |
/// +-+-------------+---------------+-------------------------------+
/// |R|                 Stream Identifier (31)                      |
/// +=+=============================================================+
/// |                   Frame Payload (0...)                      ...
/// +---------------------------------------------------------------+
/// </code>
/// The reserved bit R "MUST remain unset (0x0) when sending and MUST be ignored when receiving".
/// </summary>
internal readonly record struct Http2FrameHeader(int Length, Http2FrameType Type, Http2FrameFlags Flags, int StreamId)
{
    /// <summary>Octets in a frame header.</summary>
    public const int Size = 9;

    /// <summary>The largest length the 24-bit field can carry, and the largest SETTINGS_MAX_FRAME_SIZE (§6.5.2).</summary>
    public const int MaxLength = (1 << 24) - 1;

    /// <summary>Clears the reserved bit of a 32-bit stream identifier field.</summary>
    public const uint StreamIdMask = 0x7FFF_FFFF;

    /// <summary>True when every bit of <paramref name="flag"/> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasFlag(Http2FrameFlags flag) => (Flags & flag) == flag;

    /// <summary>Decodes a header from the first 9 bytes of <paramref name="source"/>, dropping the R bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Http2FrameHeader Read(ReadOnlySpan<byte> source)
    {
        // One bounds check for all nine bytes; the length is the first three, big-endian.
        _ = source[Size - 1];
        int length = (source[0] << 16) | (source[1] << 8) | source[2];
        uint streamId = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(5)) & StreamIdMask;
        return new Http2FrameHeader(length, (Http2FrameType)source[3], (Http2FrameFlags)source[4], (int)streamId);
    }

    /// <summary>Encodes this header into the first 9 bytes of <paramref name="destination"/>, R bit clear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(Span<byte> destination) => Write(destination, Length, Type, Flags, StreamId);

    /// <summary>Encodes a header without building the struct first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<byte> destination, int length, Http2FrameType type, Http2FrameFlags flags, int streamId)
    {
        _ = destination[Size - 1];
        if ((uint)length > MaxLength)
        {
            ThrowLengthOutOfRange(length);
        }

        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = (byte)type;
        destination[4] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(5), (uint)streamId & StreamIdMask);
    }

    // A programming error in our writers, not something a peer can cause.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLengthOutOfRange(int length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length, "HTTP/2 frame length must fit 24 bits");
}
