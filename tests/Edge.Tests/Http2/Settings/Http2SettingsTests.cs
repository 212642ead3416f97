using System.Buffers;
using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.Http2.Settings;
using Edge.Tests.Http2.Frames;
using Edge.Tests.TestKit;

namespace Edge.Tests.Http2.Settings;

/// <summary>Our announced settings, the peer's as they arrive, and the ACK timeout (RFC 9113 §6.5).</summary>
public sealed class Http2SettingsTests
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void Defaults_AreTheRfcInitialValues()
    {
        var d = Http2Settings.Default;
        Assert.Equal(4096u, d.HeaderTableSize);
        Assert.True(d.EnablePush);
        Assert.Equal(uint.MaxValue, d.MaxConcurrentStreams);
        Assert.Equal(65_535, d.InitialWindowSize);
        Assert.Equal(16_384, d.MaxFrameSize);
        Assert.Equal(uint.MaxValue, d.MaxHeaderListSize);
    }

    [Fact]
    public void Limits_Defaults_AnnounceDesignSection6()
    {
        var settings = Http2Limits.Default.ToSettings();
        Assert.Equal(100u, settings.MaxConcurrentStreams);
        Assert.Equal(16u * 1024, settings.MaxHeaderListSize);
        Assert.False(settings.EnablePush);
        Assert.Equal(65_535, settings.InitialWindowSize);
        Assert.Equal(16_384, settings.MaxFrameSize);
        Assert.Equal(4096u, settings.HeaderTableSize);
        Assert.Equal(1024 * 1024, Http2Limits.Default.ConnectionWindowSize);
        Assert.Same(Http2FloodLimits.Default, Http2Limits.Default.Flood);
    }

    [Fact]
    public void LocalSettings_WriteTheAnnouncedFrame()
    {
        var local = new Http2LocalSettings(Http2Limits.Default.ToSettings(), TimeSpan.FromSeconds(10), _time.TimestampFrequency);
        var output = new ArrayBufferWriter<byte>();
        local.Write(output, _time.GetTimestamp());

        var frame = Http2TestFrames.Read(output.WrittenSpan.ToArray());
        Assert.True(Http2SettingsFrame.Parse(frame, Http2Role.Client, out var parsed).IsNone);
        var entries = new Dictionary<Http2SettingsParameter, uint>();
        foreach (var setting in parsed)
        {
            entries.Add(setting.Parameter, setting.Value);
        }

        Assert.Equal(
            new Dictionary<Http2SettingsParameter, uint>
            {
                [Http2SettingsParameter.HeaderTableSize] = 4096,
                [Http2SettingsParameter.EnablePush] = 0,
                [Http2SettingsParameter.MaxConcurrentStreams] = 100,
                [Http2SettingsParameter.InitialWindowSize] = 65_535,
                [Http2SettingsParameter.MaxFrameSize] = 16_384,
                [Http2SettingsParameter.MaxHeaderListSize] = 16_384,
            },
            entries);
        Assert.Equal(1, local.PendingAcks);
    }

    [Fact]
    public void LocalSettings_AckTimeout_IsSettingsTimeoutAtTenSeconds()
    {
        var local = new Http2LocalSettings(Http2Limits.Default.ToSettings(), TimeSpan.FromSeconds(10), _time.TimestampFrequency);
        Assert.True(local.CheckAckTimeout(_time.GetTimestamp()).IsNone); // nothing sent yet
        local.Write(new ArrayBufferWriter<byte>(), _time.GetTimestamp());

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.True(local.CheckAckTimeout(_time.GetTimestamp()).IsNone);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.SettingsTimeout, Http2ErrorReason.SettingsAckTimeout), local.CheckAckTimeout(_time.GetTimestamp()));

        Assert.Equal(Http2Settings.Default, local.Acknowledged);
        Assert.True(local.OnAck());
        Assert.Equal(local.Announced, local.Acknowledged);
        Assert.True(local.CheckAckTimeout(_time.GetTimestamp()).IsNone);
        Assert.False(local.OnAck()); // unsolicited: ignored
    }

    [Fact]
    public void PeerSettings_Apply_ReportsTheInitialWindowDelta()
    {
        var peer = new Http2PeerSettings();
        Assert.False(peer.Received);
        var update = peer.Apply(Parse("0004 00000000 0005 00008000"));
        Assert.True(peer.Received);
        Assert.Equal(-65_535, update.InitialWindowDelta);
        Assert.True(update.MaxFrameSizeChanged);
        Assert.False(update.HeaderTableSizeChanged);
        Assert.Equal(0, peer.Current.InitialWindowSize);
        Assert.Equal(32_768, peer.Current.MaxFrameSize);

        update = peer.Apply(Parse("0004 00010000"));
        Assert.Equal(65_536, update.InitialWindowDelta);
        Assert.False(update.MaxFrameSizeChanged);
    }

    [Fact]
    public void PeerSettings_ApplyUpgrade_AppliesValues_ButTheClientsPrefaceSettingsStillMustComeFirst()
    {
        // RFC 7540 §3.2.1: HTTP2-Settings counts as a SETTINGS frame; §3.5: the preface's SETTINGS still follows.
        var peer = new Http2PeerSettings();
        var update = peer.ApplyUpgrade(Parse("0003 00000064 0004 00008000"));
        Assert.False(peer.Received);
        Assert.Equal(100u, peer.Current.MaxConcurrentStreams);
        Assert.Equal(32_768 - 65_535, update.InitialWindowDelta);
        peer.Apply(Parse(""));
        Assert.True(peer.Received);
        Assert.Equal(32_768, peer.Current.InitialWindowSize);
    }

    [Fact]
    public void PeerSettings_Apply_LastValueWins_AndReportsTheSmallestTableSize()
    {
        // §6.5.3: processed in order; RFC 7541 §4.2: the encoder must signal the smallest size seen.
        var peer = new Http2PeerSettings();
        var update = peer.Apply(Parse("0001 00000000 0001 00001000 0002 00000000 0003 00000064 0006 00002000 0008 00000001 00ff 00000009"));
        Assert.True(update.HeaderTableSizeChanged);
        Assert.Equal(0u, update.SmallestHeaderTableSize);
        Assert.Equal(4096u, peer.Current.HeaderTableSize);
        Assert.False(peer.Current.EnablePush);
        Assert.Equal(100u, peer.Current.MaxConcurrentStreams);
        Assert.Equal(8192u, peer.Current.MaxHeaderListSize);
        Assert.True(peer.Current.EnableConnectProtocol);
        Assert.Equal(0, update.InitialWindowDelta);
    }

    [Theory]
    [InlineData(nameof(Http2Limits.MaxConcurrentStreams), 0)]
    [InlineData(nameof(Http2Limits.MaxFrameSize), 16_383)]
    [InlineData(nameof(Http2Limits.MaxFrameSize), 16_777_216)]
    [InlineData(nameof(Http2Limits.InitialStreamWindowSize), 65_534)]
    [InlineData(nameof(Http2Limits.ConnectionWindowSize), 1000)]
    [InlineData(nameof(Http2Limits.MaxHeaderListSize), 0)]
    public void Limits_RejectOutOfRangeValues(string property, int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => property switch
        {
            nameof(Http2Limits.MaxConcurrentStreams) => new Http2Limits { MaxConcurrentStreams = value },
            nameof(Http2Limits.MaxFrameSize) => new Http2Limits { MaxFrameSize = value },
            nameof(Http2Limits.InitialStreamWindowSize) => new Http2Limits { InitialStreamWindowSize = value },
            nameof(Http2Limits.ConnectionWindowSize) => new Http2Limits { ConnectionWindowSize = value },
            _ => new Http2Limits { MaxHeaderListSize = value },
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Http2FloodLimits { ResetBurst = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Http2FloodLimits { PingsPerSecond = double.NaN });
    }

    private static Http2SettingsFrame Parse(string payloadHex)
    {
        var frame = Http2TestFrames.Read(Http2TestFrames.Frame(Http2FrameType.Settings, Http2FrameFlags.None, 0, payloadHex));
        Assert.True(Http2SettingsFrame.Parse(frame, Http2Role.Server, out var settings).IsNone);
        return settings;
    }
}
