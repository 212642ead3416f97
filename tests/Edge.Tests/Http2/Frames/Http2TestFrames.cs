using System.Buffers;
using System.Buffers.Binary;
using Edge.Http2.Frames;

namespace Edge.Tests.Http2.Frames;

/// <summary>Hand-built frames for tests, written byte by byte (not with the writer under test).</summary>
internal static class Http2TestFrames
{
    /// <summary>A frame with the given header fields; <paramref name="rawStreamId"/> may carry the R bit.</summary>
    public static byte[] Raw(int length, byte type, byte flags, uint rawStreamId, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[9 + payload.Length];
        bytes[0] = (byte)(length >> 16);
        bytes[1] = (byte)(length >> 8);
        bytes[2] = (byte)length;
        bytes[3] = type;
        bytes[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), rawStreamId);
        payload.CopyTo(bytes.AsSpan(9));
        return bytes;
    }

    public static byte[] Frame(Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload) =>
        Raw(payload.Length, (byte)type, (byte)flags, (uint)streamId, payload);

    public static byte[] Frame(Http2FrameType type, Http2FrameFlags flags, int streamId, string payloadHex) =>
        Frame(type, flags, streamId, Convert.FromHexString(payloadHex.Replace(" ", "", StringComparison.Ordinal)));

    /// <summary>Reads exactly one frame from <paramref name="bytes"/> (asserting the reader agrees).</summary>
    public static Http2Frame Read(byte[] bytes, int maxFrameSize = Http2FrameHeader.MaxLength)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(Http2FrameReader.TryReadFrame(ref buffer, maxFrameSize, out var frame, out var error), error.ToString());
        Assert.True(buffer.IsEmpty);
        return frame;
    }

    /// <summary>Every frame in <paramref name="bytes"/>, in order, asserting nothing is left over.</summary>
    public static List<(Http2FrameHeader Header, byte[] Payload)> ReadAll(ReadOnlySpan<byte> bytes, int maxFrameSize = Http2FrameHeader.MaxLength)
    {
        var buffer = new ReadOnlySequence<byte>(bytes.ToArray());
        var frames = new List<(Http2FrameHeader, byte[])>();
        while (Http2FrameReader.TryReadFrame(ref buffer, maxFrameSize, out var frame, out var error))
        {
            Assert.True(error.IsNone);
            frames.Add((frame.Header, frame.Payload.ToArray()));
        }

        Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left over");
        return frames;
    }
}
