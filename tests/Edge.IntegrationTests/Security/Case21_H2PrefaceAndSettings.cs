using System.Buffers.Binary;
using System.Text;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 21: bad preface or first frame, invalid SETTINGS → GOAWAY with the RFC 9113 §6.5.2 code.</summary>
public sealed class Case21_H2PrefaceAndSettings
{
    [Fact]
    public async Task FirstFrameNotSettings_GoAwayProtocolError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port, preface: false);

        await client.SendAsync(w =>
        {
            Http2Preface.Write(w);
            Http2FrameWriter.WritePing(w, 1, ack: false);
        });

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.NotNull(goAway);
        Assert.Equal(Http2ErrorCode.ProtocolError, goAway.ErrorCode);
        Assert.True(await client.ClosedAsync());
        Assert.Equal(1, edge.Server.Http2Stats.GoAways(Http2ErrorCode.ProtocolError));
    }

    [Fact]
    public async Task NotThePreface_OnAnH2cListener_IsHttp1_AndRefused()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port, preface: false);

        // One byte off the preface: not HTTP/2, so it is read as HTTP/1.1 — and refused there.
        await client.SendAsync(Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSX\r\n\r\n"));

        var buffer = new byte[512];
        var n = await client.Socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None);
        Assert.StartsWith("HTTP/1.1 ", Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
        Assert.Empty(backend.Requests);
        Assert.Equal(0, edge.Server.Http2Stats.Connections);
    }

    public static TheoryData<string, ushort, uint, uint> BadSettings => new()
    {
        { "length % 6 != 0", 0, 0, (uint)Http2ErrorCode.FrameSizeError },
        { "ENABLE_PUSH = 2", 0x2, 2, (uint)Http2ErrorCode.ProtocolError },
        { "MAX_FRAME_SIZE below 16384", 0x5, 16_383, (uint)Http2ErrorCode.ProtocolError },
        { "MAX_FRAME_SIZE above 2^24-1", 0x5, 1 << 24, (uint)Http2ErrorCode.ProtocolError },
        { "INITIAL_WINDOW_SIZE above 2^31-1", 0x4, 0x8000_0000, (uint)Http2ErrorCode.FlowControlError },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task InvalidSettings_GoAwayWithTheRfcCode(string what, ushort id, uint value, uint expected)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        var payload = new byte[what.StartsWith("length", StringComparison.Ordinal) ? 5 : 6];
        if (payload.Length == 6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload, id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(2), value);
        }
        await client.SendAsync(w => H2RawClient.Frame(w, Http2FrameType.Settings, Http2FrameFlags.None, 0, payload));

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.NotNull(goAway);
        Assert.Equal((Http2ErrorCode)expected, goAway.ErrorCode);
    }

    [Fact]
    public async Task OurSettingsNeverAcknowledged_SettingsTimeout()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);

        // The raw client never ACKs Edge's SETTINGS: 10 s later (§6.5.3) the connection ends.
        var goAway = await client.ReadUntilGoAwayAsync(timeoutMs: 20_000);

        Assert.NotNull(goAway);
        Assert.Equal(Http2ErrorCode.SettingsTimeout, goAway.ErrorCode);
    }
}
