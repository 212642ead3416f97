using System.Buffers.Binary;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 34: a client that announces INITIAL_WINDOW_SIZE = 0 gets headers but no DATA until it
/// opens the window, and then exactly what it allowed. (The 60 s stall reset is unit-tested on the stall
/// timer; waiting it out here would cost a minute.)
/// </summary>
public sealed class Case34_H2ZeroWindow
{
    [Fact]
    public async Task ZeroWindow_NoDataUntilWindowUpdate_ThenExactlyTheWindow()
    {
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(200_000) };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port, preface: false);
        var zero = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(zero, 0x4);
        await client.SendAsync(w =>
        {
            Http2Preface.Write(w);
            H2RawClient.Frame(w, Http2FrameType.Settings, Http2FrameFlags.None, 0, zero);
            H2RawClient.Headers(w, 1, client.Get("/echo/z"), endStream: true);
        });

        var headers = await client.ReadUntilAsync(f => f.Type is Http2FrameType.Headers or Http2FrameType.Data);
        Assert.Equal(Http2FrameType.Headers, headers!.Type);
        Assert.Null(await client.ReadUntilAsync(f => f.Type == Http2FrameType.Data, timeoutMs: 1000));

        await client.SendAsync(w => Http2FrameWriter.WriteWindowUpdate(w, 1, 1000));
        var received = 0;
        while (await client.ReadUntilAsync(f => f.Type == Http2FrameType.Data, timeoutMs: 1000) is { Type: Http2FrameType.Data } data) received += data.Payload.Length;
        Assert.Equal(1000, received);
    }
}
