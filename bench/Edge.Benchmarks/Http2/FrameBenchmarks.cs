using System.Buffers;
using BenchmarkDotNet.Attributes;
using Edge.Http2.Flood;
using Edge.Http2.FlowControl;
using Edge.Http2.Frames;

namespace Edge.Benchmarks.Http2;

/// <summary>
/// The HTTP/2 frame layer below the connection loop. One operation of <see cref="ReadFrames"/> is a
/// realistic input batch of 10 frames (a request: HEADERS, 4 DATA; then WINDOW_UPDATE, PING, SETTINGS ACK,
/// PRIORITY, RST_STREAM) read, parsed per type, checked against the header block rules, flow control and
/// the flood detector. <see cref="WriteHeadersAndData"/> is a response: a 220-byte encoded header block and
/// a 4 KiB body as HEADERS + DATA(END_STREAM). <see cref="AssembleContinuations"/> is a 20 KiB header block
/// in HEADERS + 2 CONTINUATION (pooled buffer). Target: 0 B allocated everywhere.
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly byte[] _headerBlock = Filled(220);
    private readonly byte[] _body = Filled(4096);
    private ReadOnlySequence<byte> _input;
    private ReadOnlySequence<byte> _continuations;
    private Http2HeaderBlockAssembler _assembler = null!;
    private Http2FloodDetector _flood = null!;

    [GlobalSetup]
    public void Setup()
    {
        var input = new ArrayBufferWriter<byte>();
        Http2FrameWriter.WriteHeaders(input, 1, _headerBlock, endStream: false, 16_384);
        for (int i = 0; i < 4; i++)
        {
            Http2FrameWriter.WriteData(input, 1, _body.AsSpan(0, 1024), endStream: i == 3, 16_384);
        }

        Http2FrameWriter.WriteWindowUpdate(input, 0, 65_536);
        Http2FrameWriter.WritePing(input, 7, ack: false);
        Http2FrameWriter.WriteSettingsAck(input);
        Http2FrameWriter.WriteFrameHeader(input, 5, Http2FrameType.Priority, Http2FrameFlags.None, 3);
        input.Write<byte>([0, 0, 0, 1, 15]);
        Http2FrameWriter.WriteRstStream(input, 3, Http2ErrorCode.Cancel);
        _input = new ReadOnlySequence<byte>(input.WrittenMemory.ToArray());

        var block = Filled(20_000);
        var continuations = new ArrayBufferWriter<byte>();
        Http2FrameWriter.WriteHeaders(continuations, 1, block, endStream: true, 8_192);
        _continuations = new ReadOnlySequence<byte>(continuations.WrittenMemory.ToArray());

        _assembler = new Http2HeaderBlockAssembler(64 * 1024, 8, TimeSpan.FromSeconds(10), TimeProvider.System.TimestampFrequency);
        _flood = new Http2FloodDetector(Http2FloodLimits.Default, TimeProvider.System.TimestampFrequency, 0);
    }

    [Benchmark]
    public int ReadFrames()
    {
        var buffer = _input;
        var connection = new Http2ReceiveWindow(1 << 20);
        var stream = new Http2ReceiveWindow(65_535);
        var send = new Http2SendWindow(65_535);
        int checksum = 0;
        while (Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var frame, out var error))
        {
            checksum += Check(_assembler.CheckSequence(frame.Header));
            switch (frame.Type)
            {
                case Http2FrameType.Headers:
                    checksum += Check(Http2HeadersFrame.Parse(frame, out var headers));
                    checksum += Check(_assembler.Begin(headers, 0));
                    checksum += _assembler.Block.Length;
                    _assembler.Reset();
                    break;
                case Http2FrameType.Data:
                    checksum += Check(Http2DataFrame.Parse(frame, out var data));
                    checksum += Check(_flood.OnContentFrame(frame.Length, data.EndStream));
                    checksum += Check(connection.OnData(data.FlowControlledLength, 0));
                    checksum += Check(stream.OnData(data.FlowControlledLength, data.StreamId));
                    connection.OnConsumed(data.FlowControlledLength, out int c);
                    stream.OnConsumed(data.FlowControlledLength, out int s);
                    checksum += c + s + (int)data.Data.Length;
                    break;
                case Http2FrameType.WindowUpdate:
                    checksum += Check(Http2WindowUpdateFrame.Parse(frame, out var update));
                    checksum += Check(send.Grow(update.Increment, update.StreamId));
                    break;
                case Http2FrameType.Ping:
                    checksum += Check(Http2PingFrame.Parse(frame, out var ping));
                    checksum += (int)ping.OpaqueData;
                    break;
                case Http2FrameType.Settings:
                    checksum += Check(Http2SettingsFrame.Parse(frame, Http2Role.Server, out var settings));
                    checksum += settings.Count;
                    break;
                case Http2FrameType.Priority:
                    checksum += Check(Http2PriorityFrame.Parse(frame, out var priority));
                    checksum += priority.Weight;
                    break;
                case Http2FrameType.RstStream:
                    checksum += Check(Http2RstStreamFrame.Parse(frame, out var rst));
                    checksum += (int)rst.ErrorCode;
                    break;
            }

            checksum += error.IsError ? 1 : 0;
        }

        return checksum;
    }

    [Benchmark]
    public int WriteHeadersAndData()
    {
        _output.ResetWrittenCount();
        Http2FrameWriter.WriteHeaders(_output, 1, _headerBlock, endStream: false, 16_384);
        Http2FrameWriter.WriteData(_output, 1, _body, endStream: true, 16_384);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int AssembleContinuations()
    {
        var buffer = _continuations;
        while (Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var frame, out _))
        {
            if (frame.Type == Http2FrameType.Headers)
            {
                Http2HeadersFrame.Parse(frame, out var headers);
                _assembler.Begin(headers, 0);
            }
            else
            {
                Http2ContinuationFrame.Parse(frame, out var continuation);
                _assembler.Append(continuation);
            }
        }

        int length = _assembler.Block.Length;
        _assembler.Reset();
        return length;
    }

    private static int Check(Http2Error error) => error.IsError ? 1 : 0;

    private static byte[] Filled(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
}
