using System.Buffers;
using Edge.Http2.Frames;
using Edge.Tests.Http1;

namespace Edge.Tests.Http2.Frames;

/// <summary>
/// Each frame type's valid and invalid payloads with the exact error code and scope (RFC 9113 §6).
/// Expected: "ok", or "scope:code:reason".
/// </summary>
public sealed class Http2FrameParsingTests
{
    private const Http2FrameFlags None = Http2FrameFlags.None;
    private const Http2FrameFlags Padded = Http2FrameFlags.Padded;
    private const Http2FrameFlags Priority = Http2FrameFlags.Priority;
    private const Http2FrameFlags Ack = Http2FrameFlags.Ack;

    public static TheoryData<string, byte, byte, int, string, string> Cases => new()
    {
        // DATA (§6.1)
        { "data", (byte)Http2FrameType.Data, (byte)(None), 1, "68656c6c6f", "ok" },
        { "data empty", (byte)Http2FrameType.Data, (byte)(None), 1, "", "ok" },
        { "data on stream 0", (byte)Http2FrameType.Data, (byte)(None), 0, "68", "Connection:ProtocolError:StreamIdZero" },
        { "data padded, no pad length", (byte)Http2FrameType.Data, (byte)(Padded), 1, "", "Connection:FrameSizeError:FrameTooShort" },
        { "data pad 0", (byte)Http2FrameType.Data, (byte)(Padded), 1, "00", "ok" },
        { "data pad = payload", (byte)Http2FrameType.Data, (byte)(Padded), 1, "01", "Connection:ProtocolError:PaddingTooLong" },
        { "data pad = payload - 1", (byte)Http2FrameType.Data, (byte)(Padded), 1, "03 000000", "ok" },
        { "data pad = payload (4)", (byte)Http2FrameType.Data, (byte)(Padded), 1, "04 000000", "Connection:ProtocolError:PaddingTooLong" },
        { "data pad 255 > payload", (byte)Http2FrameType.Data, (byte)(Padded), 1, "ff 41424344", "Connection:ProtocolError:PaddingTooLong" },

        // HEADERS (§6.2)
        { "headers", (byte)Http2FrameType.Headers, (byte)(Http2FrameFlags.EndHeaders), 1, "82", "ok" },
        { "headers empty block", (byte)Http2FrameType.Headers, (byte)(Http2FrameFlags.EndHeaders), 1, "", "ok" },
        { "headers on stream 0", (byte)Http2FrameType.Headers, (byte)(None), 0, "82", "Connection:ProtocolError:StreamIdZero" },
        { "headers padded, no pad length", (byte)Http2FrameType.Headers, (byte)(Padded), 1, "", "Connection:FrameSizeError:FrameTooShort" },
        { "headers priority, 4 bytes", (byte)Http2FrameType.Headers, (byte)(Priority), 1, "00000003", "Connection:FrameSizeError:FrameTooShort" },
        { "headers priority+padded, 5 bytes", (byte)Http2FrameType.Headers, (byte)(Priority | Padded), 1, "0000000310", "Connection:FrameSizeError:FrameTooShort" },
        { "headers pad 0", (byte)Http2FrameType.Headers, (byte)(Padded), 1, "00 82", "ok" },
        { "headers pad = rest", (byte)Http2FrameType.Headers, (byte)(Padded), 1, "01 82", "ok" },
        { "headers pad > rest", (byte)Http2FrameType.Headers, (byte)(Padded), 1, "02 82", "Connection:ProtocolError:PaddingTooLong" },
        { "headers priority+padded ok", (byte)Http2FrameType.Headers, (byte)(Priority | Padded), 1, "01 00000003 10 82 00", "ok" },
        { "headers priority+padded pad > rest", (byte)Http2FrameType.Headers, (byte)(Priority | Padded), 1, "03 00000003 10 82 00", "Connection:ProtocolError:PaddingTooLong" },
        { "headers priority ok", (byte)Http2FrameType.Headers, (byte)(Priority), 5, "00000003 10 82", "ok" },
        { "headers self-dependency", (byte)Http2FrameType.Headers, (byte)(Priority), 3, "00000003 10 82", "Stream:ProtocolError:SelfDependency" },
        { "headers exclusive self-dependency", (byte)Http2FrameType.Headers, (byte)(Priority), 3, "80000003 10 82", "Stream:ProtocolError:SelfDependency" },

        // PRIORITY (§6.3)
        { "priority", (byte)Http2FrameType.Priority, (byte)(None), 1, "00000003 10", "ok" },
        { "priority on stream 0", (byte)Http2FrameType.Priority, (byte)(None), 0, "00000003 10", "Connection:ProtocolError:StreamIdZero" },
        { "priority length 4", (byte)Http2FrameType.Priority, (byte)(None), 1, "00000003", "Stream:FrameSizeError:PriorityLength" },
        { "priority length 6", (byte)Http2FrameType.Priority, (byte)(None), 1, "00000003 1000", "Stream:FrameSizeError:PriorityLength" },
        { "priority self-dependency", (byte)Http2FrameType.Priority, (byte)(None), 5, "00000005 00", "Stream:ProtocolError:SelfDependency" },

        // RST_STREAM (§6.4)
        { "rst", (byte)Http2FrameType.RstStream, (byte)(None), 1, "00000008", "ok" },
        { "rst unknown code", (byte)Http2FrameType.RstStream, (byte)(None), 1, "000000ff", "ok" },
        { "rst on stream 0", (byte)Http2FrameType.RstStream, (byte)(None), 0, "00000008", "Connection:ProtocolError:StreamIdZero" },
        { "rst length 3", (byte)Http2FrameType.RstStream, (byte)(None), 1, "000008", "Connection:FrameSizeError:RstStreamLength" },
        { "rst length 5", (byte)Http2FrameType.RstStream, (byte)(None), 1, "0000000800", "Connection:FrameSizeError:RstStreamLength" },

        // SETTINGS (§6.5; values in Http2SettingsFrameTests)
        { "settings empty", (byte)Http2FrameType.Settings, (byte)(None), 0, "", "ok" },
        { "settings one", (byte)Http2FrameType.Settings, (byte)(None), 0, "0003 00000064", "ok" },
        { "settings ack", (byte)Http2FrameType.Settings, (byte)(Ack), 0, "", "ok" },
        { "settings on stream 1", (byte)Http2FrameType.Settings, (byte)(None), 1, "", "Connection:ProtocolError:StreamIdNotZero" },
        { "settings ack with payload", (byte)Http2FrameType.Settings, (byte)(Ack), 0, "0003 00000064", "Connection:FrameSizeError:SettingsAckWithPayload" },
        { "settings length 5", (byte)Http2FrameType.Settings, (byte)(None), 0, "0003 000000", "Connection:FrameSizeError:SettingsLength" },
        { "settings length 7", (byte)Http2FrameType.Settings, (byte)(None), 0, "0003 00000064 00", "Connection:FrameSizeError:SettingsLength" },

        // PUSH_PROMISE (§6.6, §8.4): never accepted
        { "push promise", (byte)Http2FrameType.PushPromise, (byte)(Http2FrameFlags.EndHeaders), 1, "00000002 82", "Connection:ProtocolError:PushPromiseReceived" },

        // PING (§6.7)
        { "ping", (byte)Http2FrameType.Ping, (byte)(None), 0, "0102030405060708", "ok" },
        { "ping ack", (byte)Http2FrameType.Ping, (byte)(Ack), 0, "0102030405060708", "ok" },
        { "ping on stream 1", (byte)Http2FrameType.Ping, (byte)(None), 1, "0102030405060708", "Connection:ProtocolError:StreamIdNotZero" },
        { "ping length 7", (byte)Http2FrameType.Ping, (byte)(None), 0, "01020304050607", "Connection:FrameSizeError:PingLength" },
        { "ping length 9", (byte)Http2FrameType.Ping, (byte)(None), 0, "010203040506070809", "Connection:FrameSizeError:PingLength" },

        // GOAWAY (§6.8)
        { "goaway", (byte)Http2FrameType.GoAway, (byte)(None), 0, "00000001 00000000", "ok" },
        { "goaway with debug", (byte)Http2FrameType.GoAway, (byte)(None), 0, "00000001 0000000b 6869", "ok" },
        { "goaway on stream 1", (byte)Http2FrameType.GoAway, (byte)(None), 1, "00000001 00000000", "Connection:ProtocolError:StreamIdNotZero" },
        { "goaway length 7", (byte)Http2FrameType.GoAway, (byte)(None), 0, "00000001 000000", "Connection:FrameSizeError:FrameTooShort" },

        // WINDOW_UPDATE (§6.9)
        { "window update connection", (byte)Http2FrameType.WindowUpdate, (byte)(None), 0, "00000001", "ok" },
        { "window update stream", (byte)Http2FrameType.WindowUpdate, (byte)(None), 1, "7fffffff", "ok" },
        { "window update length 3", (byte)Http2FrameType.WindowUpdate, (byte)(None), 1, "000001", "Connection:FrameSizeError:WindowUpdateLength" },
        { "window update length 5", (byte)Http2FrameType.WindowUpdate, (byte)(None), 0, "0000000100", "Connection:FrameSizeError:WindowUpdateLength" },
        { "window update 0 on stream", (byte)Http2FrameType.WindowUpdate, (byte)(None), 1, "00000000", "Stream:ProtocolError:WindowUpdateZero" },
        { "window update 0 on connection", (byte)Http2FrameType.WindowUpdate, (byte)(None), 0, "00000000", "Connection:ProtocolError:WindowUpdateZero" },
        { "window update 0 with R bit", (byte)Http2FrameType.WindowUpdate, (byte)(None), 3, "80000000", "Stream:ProtocolError:WindowUpdateZero" },

        // CONTINUATION (§6.10; sequence rules in Http2HeaderBlockAssemblerTests)
        { "continuation", (byte)Http2FrameType.Continuation, (byte)(Http2FrameFlags.EndHeaders), 1, "82", "ok" },
        { "continuation on stream 0", (byte)Http2FrameType.Continuation, (byte)(None), 0, "82", "Connection:ProtocolError:StreamIdZero" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse(string name, byte type, byte flags, int streamId, string payloadHex, string expected)
    {
        var bytes = Http2TestFrames.Frame((Http2FrameType)type, (Http2FrameFlags)flags, streamId, payloadHex);
        string actual = Describe(ParseAny(Http2TestFrames.Read(bytes)));
        Assert.True(actual == expected, $"{name}: expected {expected}, got {actual}");

        // The same verdict when the frame arrives cut after every byte of its payload.
        for (int split = 10; split < bytes.Length; split++)
        {
            var buffer = SegmentedSequence.Create(bytes, split);
            Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var frame, out _));
            actual = Describe(ParseAny(frame));
            Assert.True(actual == expected, $"{name}, split at {split}: expected {expected}, got {actual}");
        }
    }

    [Fact]
    public void Data_Padded_ExposesContentWithoutPadding()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Data, Http2FrameFlags.Padded | Http2FrameFlags.EndStream, 7, "02 6869 0000"));
        Assert.True(Http2DataFrame.Parse(frame, out var data).IsNone);
        Assert.Equal(7, data.StreamId);
        Assert.True(data.EndStream);
        Assert.Equal("hi"u8.ToArray(), data.Data.ToArray());
        Assert.Equal(5, data.FlowControlledLength); // §6.9.1: padding counts
    }

    [Fact]
    public void Headers_PriorityAndPadding_AreStrippedFromTheFragment()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.Padded | Http2FrameFlags.Priority | Http2FrameFlags.EndStream, 5, "02 80000003 ff 8286 0000"));
        Assert.True(Http2HeadersFrame.Parse(frame, out var headers).IsNone);
        Assert.Equal([0x82, 0x86], headers.Fragment.ToArray());
        Assert.True(headers.EndStream);
        Assert.False(headers.EndHeaders);
        Assert.True(headers.HasPriority);
        Assert.True(headers.IsExclusive);
        Assert.Equal(3, headers.StreamDependency);
        Assert.Equal(256, headers.Weight);
    }

    [Fact]
    public void Headers_SelfDependency_StillExposesTheFragmentForHpack()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.Priority | Http2FrameFlags.EndHeaders, 3, "00000003 10 82"));
        Assert.True(Http2HeadersFrame.Parse(frame, out var headers).IsStreamError);
        Assert.Equal([0x82], headers.Fragment.ToArray());
    }

    [Fact]
    public void Ping_OpaqueData_RoundTripsAsBigEndian()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Ping, Http2FrameFlags.Ack, 0, "0102030405060708"));
        Assert.True(Http2PingFrame.Parse(frame, out var ping).IsNone);
        Assert.Equal(new Http2PingFrame(true, 0x0102030405060708), ping);
    }

    [Fact]
    public void GoAway_Fields()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.GoAway, Http2FrameFlags.None, 0, "80000065 0000000b 6869"));
        Assert.True(Http2GoAwayFrame.Parse(frame, out var goAway).IsNone);
        Assert.Equal(101, goAway.LastStreamId); // R bit masked
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway.ErrorCode);
        Assert.Equal("hi"u8.ToArray(), goAway.DebugData.ToArray());
    }

    [Fact]
    public void RstStream_UnknownCode_IsKeptRaw()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.RstStream, Http2FrameFlags.None, 9, "0000abcd"));
        Assert.True(Http2RstStreamFrame.Parse(frame, out var rst).IsNone);
        Assert.Equal(new Http2RstStreamFrame(9, (Http2ErrorCode)0xabcd), rst);
    }

    [Fact]
    public void WindowUpdate_ReservedBit_IsMasked()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.WindowUpdate, Http2FrameFlags.None, 0, "80000400"));
        Assert.True(Http2WindowUpdateFrame.Parse(frame, out var update).IsNone);
        Assert.Equal(new Http2WindowUpdateFrame(0, 1024), update);
    }

    [Fact]
    public void Priority_Fields()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Priority, Http2FrameFlags.None, 1, "80000003 0f"));
        Assert.True(Http2PriorityFrame.Parse(frame, out var priority).IsNone);
        Assert.Equal(new Http2PriorityFrame(1, 3, true, 16), priority);
    }

    internal static Http2Error ParseAny(in Http2Frame frame, Http2Role role = Http2Role.Server) => frame.Type switch
    {
        Http2FrameType.Data => Http2DataFrame.Parse(frame, out _),
        Http2FrameType.Headers => Http2HeadersFrame.Parse(frame, out _),
        Http2FrameType.Priority => Http2PriorityFrame.Parse(frame, out _),
        Http2FrameType.RstStream => Http2RstStreamFrame.Parse(frame, out _),
        Http2FrameType.Settings => Http2SettingsFrame.Parse(frame, role, out _),
        Http2FrameType.PushPromise => Http2PushPromiseFrame.Parse(frame),
        Http2FrameType.Ping => Http2PingFrame.Parse(frame, out _),
        Http2FrameType.GoAway => Http2GoAwayFrame.Parse(frame, out _),
        Http2FrameType.WindowUpdate => Http2WindowUpdateFrame.Parse(frame, out _),
        Http2FrameType.Continuation => Http2ContinuationFrame.Parse(frame, out _),
        _ => Http2Error.None,
    };

    internal static string Describe(Http2Error error) =>
        error.IsNone ? "ok" : $"{error.Scope}:{error.Code}:{error.Reason}";
}
