using System.Buffers;
using Edge.Http2.Frames;

namespace Edge.Tests.Http2.Frames;

/// <summary>Frame writers: exact bytes, splitting at the peer's max frame size, and no allocation.</summary>
public sealed class Http2FrameWriterTests
{
    [Theory]
    [InlineData(0, false, 1)]
    [InlineData(1, true, 1)]
    [InlineData(16_384, true, 1)]
    [InlineData(16_385, true, 2)]
    [InlineData(3 * 16_384, false, 3)]
    [InlineData(3 * 16_384 + 7, true, 4)]
    public void WriteHeaders_SplitsIntoHeadersAndContinuations(int blockLength, bool endStream, int frames)
    {
        var block = Enumerable.Range(0, blockLength).Select(i => (byte)i).ToArray();
        var output = new ArrayBufferWriter<byte>();
        Http2FrameWriter.WriteHeaders(output, 5, block, endStream, 16_384);

        var read = Http2TestFrames.ReadAll(output.WrittenSpan);
        Assert.Equal(frames, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            var (header, _) = read[i];
            Assert.Equal(i == 0 ? Http2FrameType.Headers : Http2FrameType.Continuation, header.Type);
            Assert.Equal(5, header.StreamId);
            Assert.True(header.Length <= 16_384);
            Assert.Equal(i == read.Count - 1, header.HasFlag(Http2FrameFlags.EndHeaders));
            Assert.Equal(i == 0 && endStream, header.HasFlag(Http2FrameFlags.EndStream));
        }

        Assert.Equal(block, read.SelectMany(f => f.Payload).ToArray());
    }

    [Theory]
    [InlineData(0, true, 1)]
    [InlineData(0, false, 0)]
    [InlineData(5, false, 1)]
    [InlineData(16_384, true, 1)]
    [InlineData(40_000, true, 3)]
    public void WriteData_SplitsAtMaxFrameSize_EndStreamOnTheLast(int length, bool endStream, int frames)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        foreach (var segmented in new[] { false, true })
        {
            var output = new ArrayBufferWriter<byte>();
            if (segmented && length > 2)
            {
                Http2FrameWriter.WriteData(output, 3, Http1.SegmentedSequence.Create(data, 1, length / 2), endStream, 16_384);
            }
            else
            {
                Http2FrameWriter.WriteData(output, 3, data, endStream, 16_384);
            }

            var read = Http2TestFrames.ReadAll(output.WrittenSpan);
            Assert.Equal(frames, read.Count);
            for (int i = 0; i < read.Count; i++)
            {
                Assert.Equal(Http2FrameType.Data, read[i].Header.Type);
                Assert.Equal(i == read.Count - 1 && endStream, read[i].Header.HasFlag(Http2FrameFlags.EndStream));
            }

            Assert.Equal(data, read.SelectMany(f => f.Payload).ToArray());
        }
    }

    [Fact]
    public void ControlFrames_ExactBytes()
    {
        var output = new ArrayBufferWriter<byte>();
        Http2FrameWriter.WriteSettingsAck(output);
        Http2FrameWriter.WritePing(output, 0x0102030405060708, ack: true);
        Http2FrameWriter.WriteGoAway(output, 7, Http2ErrorCode.EnhanceYourCalm, "ping flood"u8);
        Http2FrameWriter.WriteRstStream(output, 9, Http2ErrorCode.RefusedStream);
        Http2FrameWriter.WriteWindowUpdate(output, 0, 983_041);
        Http2FrameWriter.WriteSettings(output, [new(Http2SettingsParameter.MaxConcurrentStreams, 100), new(Http2SettingsParameter.EnablePush, 0)]);

        var expected = Convert.FromHexString(string.Concat(
            "000000 04 01 00000000",
            "000008 06 01 00000000 0102030405060708",
            "000012 07 00 00000000 00000007 0000000b 70696e6720666c6f6f64",
            "000004 03 00 00000009 00000007",
            "000004 08 00 00000000 000f0001",
            "00000c 04 00 00000000 0003 00000064 0002 00000000").Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WrittenFrames_ParseBackToTheirValues()
    {
        var output = new ArrayBufferWriter<byte>();
        Http2FrameWriter.WritePing(output, 42, ack: false);
        Http2FrameWriter.WriteGoAway(output, int.MaxValue, Http2ErrorCode.NoError);
        Http2FrameWriter.WriteWindowUpdate(output, 3, int.MaxValue);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);

        Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var frame, out _));
        Assert.True(Http2PingFrame.Parse(frame, out var ping).IsNone);
        Assert.Equal(new Http2PingFrame(false, 42), ping);

        Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out frame, out _));
        Assert.True(Http2GoAwayFrame.Parse(frame, out var goAway).IsNone);
        Assert.Equal(int.MaxValue, goAway.LastStreamId);
        Assert.True(goAway.DebugData.IsEmpty);

        Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out frame, out _));
        Assert.True(Http2WindowUpdateFrame.Parse(frame, out var update).IsNone);
        Assert.Equal(new Http2WindowUpdateFrame(3, int.MaxValue), update);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Writers_WithSmallSpans_ProduceTheSameBytes(int chunk)
    {
        var block = Enumerable.Range(0, 40_000).Select(i => (byte)i).ToArray();
        var expected = new ArrayBufferWriter<byte>();
        var small = new SmallSpanWriter(chunk);
        foreach (IBufferWriter<byte> output in new IBufferWriter<byte>[] { expected, small })
        {
            Http2FrameWriter.WriteHeaders(output, 1, block.AsSpan(0, 20_000), endStream: false, 16_384);
            Http2FrameWriter.WriteData(output, 1, block, endStream: true, 16_384);
            Http2FrameWriter.WriteGoAway(output, 1, Http2ErrorCode.ProtocolError, block.AsSpan(0, 5000));
        }

        Assert.Equal(expected.WrittenSpan.ToArray(), small.Written);
    }

    [Fact]
    public void WriteWindowUpdate_ZeroIncrement_Throws()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteWindowUpdate(output, 1, 0));
    }

    [Fact]
    public void Writers_AllocateNothing()
    {
        var output = new ArrayBufferWriter<byte>(256 * 1024);
        var block = new byte[300];
        var body = new byte[20_000];
        Run();
        output.ResetWrittenCount();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Run();
            output.ResetWrittenCount();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            Http2FrameWriter.WriteHeaders(output, 1, block, endStream: false, 16_384);
            Http2FrameWriter.WriteData(output, 1, body, endStream: true, 16_384);
            Http2FrameWriter.WriteSettingsAck(output);
            Http2FrameWriter.WritePing(output, 1, ack: true);
            Http2FrameWriter.WriteRstStream(output, 1, Http2ErrorCode.Cancel);
            Http2FrameWriter.WriteWindowUpdate(output, 0, 1000);
            Http2FrameWriter.WriteGoAway(output, 1, Http2ErrorCode.NoError);
        }
    }
}
