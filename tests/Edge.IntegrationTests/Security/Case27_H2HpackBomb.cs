using System.Buffers;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 27: a 4,000-byte table entry referenced 4,000 times (16 MB decoded) → stopped at 16 KiB: 431, connection kept.</summary>
public sealed class Case27_H2HpackBomb
{
    [Fact]
    public async Task Bomb_431_ConnectionSurvives()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var w = new ArrayBufferWriter<byte>();
        w.Write(client.Get("/echo/bomb"));
        // Literal with incremental indexing, new name "x-bomb", 4,000-byte value (§6.2.1) ...
        w.Write(new byte[] { 0x40, 6 });
        w.Write("x-bomb"u8);
        w.Write(new byte[] { 0x7f, 0xa1, 0x1e }); // length 4,000 (127 + 3,873 as 7-bit groups)
        w.Write(Enumerable.Repeat((byte)'b', 4000).ToArray());
        // ... then 4,000 references to it: the newest dynamic entry is index 62.
        w.Write(Enumerable.Repeat((byte)0xbe, 4000).ToArray());
        var block = w.WrittenSpan.ToArray();

        await client.SendAsync(f => H2RawClient.Headers(f, 1, block, endStream: true));

        var headers = await client.ReadUntilAsync(f => f.StreamId == 1 && f.Type is Http2FrameType.Headers or Http2FrameType.RstStream);
        Assert.Equal(Http2FrameType.Headers, headers!.Type);
        Assert.Equal(431, headers.Status);
        Assert.Empty(backend.Requests);
        // The tables are still in step: the next request on the connection works.
        // (Static-table and literal-without-indexing only: the client's encoder never saw the bomb's entry.)
        byte[] after = [0x82, 0x86, 0x04, 11, .. "/mock/after"u8, 0x01, 1, (byte)'a'];
        await client.SendAsync(f => H2RawClient.Headers(f, 3, after, endStream: true));
        var ok = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 3);
        Assert.Equal(200, ok!.Status);
    }
}
