using System.Buffers;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// CONTINUATION (RFC 9113 §6.10): one more field block fragment of the header block a HEADERS frame
/// opened. Where it may appear (right after HEADERS/CONTINUATION without END_HEADERS, same stream) is
/// <see cref="Http2HeaderBlockAssembler"/>'s check.
/// </summary>
internal readonly struct Http2ContinuationFrame
{
    private Http2ContinuationFrame(int streamId, bool endHeaders, ReadOnlySequence<byte> fragment)
    {
        StreamId = streamId;
        EndHeaders = endHeaders;
        Fragment = fragment;
    }

    public int StreamId { get; }

    public bool EndHeaders { get; }

    /// <summary>The fragment (a slice of the payload; no copy).</summary>
    public ReadOnlySequence<byte> Fragment { get; }

    /// <summary>Stream 0 → connection PROTOCOL_ERROR (§6.10).</summary>
    public static Http2Error Parse(in Http2Frame frame, out Http2ContinuationFrame continuation)
    {
        Debug.Assert(frame.Type == Http2FrameType.Continuation);
        continuation = default;
        var header = frame.Header;
        if (header.StreamId == 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdZero);
        }

        continuation = new Http2ContinuationFrame(header.StreamId, header.HasFlag(Http2FrameFlags.EndHeaders), frame.Payload);
        return Http2Error.None;
    }
}
