using System.Buffers;

namespace Edge.Http2.Frames;

/// <summary>
/// One complete frame as the reader found it: the decoded header and the payload as a slice of the
/// connection's input (no copy). The payload is valid until the caller advances the pipe past it.
/// Per-type views (<see cref="Http2DataFrame"/>, <see cref="Http2SettingsFrame"/>, ...) parse it.
/// </summary>
internal readonly struct Http2Frame
{
    public Http2Frame(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public Http2FrameHeader Header { get; }

    public ReadOnlySequence<byte> Payload { get; }

    public Http2FrameType Type => Header.Type;

    public Http2FrameFlags Flags => Header.Flags;

    public int StreamId => Header.StreamId;

    /// <summary>Payload length in octets (the header's Length field).</summary>
    public int Length => Header.Length;

    /// <summary>True for the ten frame types RFC 9113 §6 defines; others are ignored (§5.5).</summary>
    public bool IsKnownType => (byte)Header.Type <= (byte)Http2FrameType.Continuation;
}
