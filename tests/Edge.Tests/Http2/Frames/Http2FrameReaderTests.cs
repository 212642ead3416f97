using System.Buffers;
using System.Runtime.InteropServices;
using Edge.Http2.Frames;
using Edge.Tests.Http1;

namespace Edge.Tests.Http2.Frames;

/// <summary>Cutting frames out of pipe buffers (RFC 9113 §4.1, §4.2).</summary>
public sealed class Http2FrameReaderTests
{
    private static readonly byte[] Ping = Http2TestFrames.Frame(Http2FrameType.Ping, Http2FrameFlags.None, 0, "0102030405060708");
    private static readonly byte[] Data = Http2TestFrames.Frame(Http2FrameType.Data, Http2FrameFlags.EndStream, 1, "68656c6c6f");
    private static readonly byte[] Empty = Http2TestFrames.Frame(Http2FrameType.Settings, Http2FrameFlags.Ack, 0, "");

    [Fact]
    public void TryReadFrame_SequenceOfFrames_YieldsEachInOrder()
    {
        var frames = Http2TestFrames.ReadAll([.. Ping, .. Data, .. Empty]);

        Assert.Equal(3, frames.Count);
        Assert.Equal(new Http2FrameHeader(8, Http2FrameType.Ping, Http2FrameFlags.None, 0), frames[0].Header);
        Assert.Equal(new Http2FrameHeader(5, Http2FrameType.Data, Http2FrameFlags.EndStream, 1), frames[1].Header);
        Assert.Equal("hello"u8.ToArray(), frames[1].Payload);
        Assert.Equal(new Http2FrameHeader(0, Http2FrameType.Settings, Http2FrameFlags.Ack, 0), frames[2].Header);
        Assert.Empty(frames[2].Payload);
    }

    [Fact]
    public void TryReadFrame_EveryPrefix_NeedsMoreDataAndConsumesNothing()
    {
        for (int n = 0; n < Data.Length; n++)
        {
            var buffer = new ReadOnlySequence<byte>(Data, 0, n);
            Assert.False(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out _, out var error));
            Assert.True(error.IsNone, $"prefix {n}: {error}");
            Assert.Equal(n, buffer.Length);
        }
    }

    [Fact]
    public void TryReadFrame_SplitAnywhere_YieldsTheSameFrame()
    {
        byte[] bytes = [.. Data, .. Ping];
        for (int split = 1; split < bytes.Length; split++)
        {
            var buffer = SegmentedSequence.Create(bytes, split);
            Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var first, out _), $"split {split}");
            Assert.Equal(Http2FrameType.Data, first.Type);
            Assert.Equal("hello"u8.ToArray(), first.Payload.ToArray());
            Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var second, out _), $"split {split}");
            Assert.Equal(Http2FrameType.Ping, second.Type);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TryReadFrame_ContiguousFrame_PayloadIsASliceOfTheInput()
    {
        var frame = Http2TestFrames.Read(Data);
        Assert.True(MemoryMarshal.TryGetArray(frame.Payload.First, out var segment));
        Assert.Same(Data, segment.Array);
        Assert.Equal(9, segment.Offset);
    }

    [Theory]
    [InlineData(16_384, 16_384, true)]
    [InlineData(16_385, 16_384, false)]
    [InlineData(16_777_215, 16_777_215, true)]
    [InlineData(20_000, 32_768, true)]
    public void TryReadFrame_LengthAgainstMaxFrameSize(int length, int maxFrameSize, bool accepted)
    {
        var bytes = Http2TestFrames.Raw(length, 0x0, 0, 1, new byte[length]);
        var buffer = new ReadOnlySequence<byte>(bytes);
        bool read = Http2FrameReader.TryReadFrame(ref buffer, maxFrameSize, out var frame, out var error);

        Assert.Equal(accepted, read);
        if (accepted)
        {
            Assert.Equal(length, frame.Length);
        }
        else
        {
            Assert.Equal(Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.FrameTooLarge), error);
        }
    }

    [Fact]
    public void TryReadFrame_OversizedHeaderAlone_FailsBeforeThePayloadArrives()
    {
        // §4.2: reject on the header, so a peer cannot make us buffer a 16 MiB payload first.
        var header = Http2TestFrames.Raw(16_777_215, 0x0, 0, 1, [])[..9];
        var buffer = new ReadOnlySequence<byte>(header);
        Assert.False(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out _, out var error));
        Assert.True(error.IsConnectionError);
        Assert.Equal(Http2ErrorCode.FrameSizeError, error.Code);
    }

    [Fact]
    public void TryReadFrame_UnknownType_IsReadLikeAnyOther()
    {
        // §5.5: unknown types are ignored by the loop, but framing still has to step over them.
        var frame = Http2TestFrames.Read(Http2TestFrames.Raw(3, 0xBB, 0xFF, 9, "abc"u8));
        Assert.False(frame.IsKnownType);
        Assert.Equal(3, frame.Length);
        Assert.Equal(9, frame.StreamId);
    }
}
