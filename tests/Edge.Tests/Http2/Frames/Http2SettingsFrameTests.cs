using Edge.Http2.Frames;
using Edge.Tests.Http1;

namespace Edge.Tests.Http2.Frames;

/// <summary>SETTINGS parameter validation (RFC 9113 §6.5.2; SECURITY.md case 21).</summary>
public sealed class Http2SettingsFrameTests
{
    public static TheoryData<ushort, uint, bool, string> Values => new()
    {
        { 0x1, 0, false, "ok" },
        { 0x1, uint.MaxValue, false, "ok" },
        { 0x2, 0, false, "ok" },
        { 0x2, 1, false, "ok" },
        { 0x2, 2, false, "Connection:ProtocolError:SettingsEnablePush" },
        { 0x2, uint.MaxValue, false, "Connection:ProtocolError:SettingsEnablePush" },
        { 0x2, 0, true, "ok" },
        { 0x2, 1, true, "Connection:ProtocolError:SettingsEnablePush" },
        { 0x3, 0, false, "ok" },
        { 0x3, uint.MaxValue, false, "ok" },
        { 0x4, 0, false, "ok" },
        { 0x4, 65_535, false, "ok" },
        { 0x4, 0x7FFF_FFFF, false, "ok" },
        { 0x4, 0x8000_0000, false, "Connection:FlowControlError:SettingsInitialWindowSize" },
        { 0x4, uint.MaxValue, false, "Connection:FlowControlError:SettingsInitialWindowSize" },
        { 0x5, 16_383, false, "Connection:ProtocolError:SettingsMaxFrameSize" },
        { 0x5, 16_384, false, "ok" },
        { 0x5, 16_777_215, false, "ok" },
        { 0x5, 16_777_216, false, "Connection:ProtocolError:SettingsMaxFrameSize" },
        { 0x5, 0, false, "Connection:ProtocolError:SettingsMaxFrameSize" },
        { 0x6, 0, false, "ok" },
        { 0x6, uint.MaxValue, false, "ok" },
        { 0x8, 1, false, "ok" },
        { 0x8, 2, false, "Connection:ProtocolError:SettingsEnableConnectProtocol" },
        { 0x9, 1, false, "ok" },
        { 0x9, 2, false, "Connection:ProtocolError:SettingsNoRfc7540Priorities" },
        { 0x0, uint.MaxValue, false, "ok" },   // unknown identifiers are ignored (§6.5.2)
        { 0x7, 5, false, "ok" },
        { 0xFFFF, 1, true, "ok" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Parse_ValidatesEachValue(ushort id, uint value, bool clientReceives, string expected)
    {
        var receiver = clientReceives ? Http2Role.Client : Http2Role.Server;
        // The bad entry last, after a valid one, to show every entry is checked.
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Settings, Http2FrameFlags.None, 0, $"0003 00000064 {id:x4} {value:x8}"));
        Assert.Equal(expected, Http2FrameParsingTests.Describe(Http2SettingsFrame.Parse(frame, receiver, out _)));
    }

    [Fact]
    public void Parse_EnumeratesEntriesInWireOrder_AcrossSegments()
    {
        var bytes = Http2TestFrames.Frame(Http2FrameType.Settings, Http2FrameFlags.None, 0, "0004 00010000 0005 00004000 0004 00000000 00aa 00000001");
        for (int split = 9; split < bytes.Length; split++)
        {
            var buffer = SegmentedSequence.Create(bytes, split);
            Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var frame, out _));
            Assert.True(Http2SettingsFrame.Parse(frame, Http2Role.Server, out var settings).IsNone);
            Assert.False(settings.IsAck);
            Assert.Equal(4, settings.Count);
            var entries = new List<Http2Setting>();
            foreach (var setting in settings)
            {
                entries.Add(setting);
            }

            Assert.Equal(
                [
                    new Http2Setting(Http2SettingsParameter.InitialWindowSize, 65_536),
                    new Http2Setting(Http2SettingsParameter.MaxFrameSize, 16_384),
                    new Http2Setting(Http2SettingsParameter.InitialWindowSize, 0),
                    new Http2Setting((Http2SettingsParameter)0xaa, 1),
                ],
                entries);
        }
    }

    [Theory]
    [InlineData(32, "ok")]
    [InlineData(33, "Connection:EnhanceYourCalm:SettingsTooManyEntries")]
    public void Parse_EntryCount_CappedAtNghttp2sLimit(int entries, string expected)
    {
        var payload = string.Concat(Enumerable.Repeat("0003 00000064 ", entries));
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Settings, Http2FrameFlags.None, 0, payload));
        Assert.Equal(expected, Http2FrameParsingTests.Describe(Http2SettingsFrame.Parse(frame, Http2Role.Server, out _)));
    }

    [Fact]
    public void Parse_Ack_HasNoEntries()
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Settings, Http2FrameFlags.Ack, 0, ""));
        Assert.True(Http2SettingsFrame.Parse(frame, Http2Role.Server, out var settings).IsNone);
        Assert.True(settings.IsAck);
        Assert.Equal(0, settings.Count);
    }
}
