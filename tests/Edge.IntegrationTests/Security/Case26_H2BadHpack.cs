using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 26: undecodable HPACK → GOAWAY(COMPRESSION_ERROR) (RFC 7541, RFC 9113 §4.3).</summary>
public sealed class Case26_H2BadHpack
{
    [Theory]
    [InlineData("80")]                 // indexed field, index 0 (§6.1)
    [InlineData("ff7f")]               // index far past static + dynamic table
    [InlineData("3fe21f")]             // table size update to 4,097, above the 4,096 announced (§6.3)
    [InlineData("82 3f e1 0f")]        // a table size update after a field (§4.2)
    [InlineData("7fffffffff7f")]       // integer beyond 2^31-1 (§5.1)
    [InlineData("0081ff")]             // Huffman string of only padding/EOS bits (§5.2)
    public async Task BadBlock_GoAwayCompressionError(string hex)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        await client.SendAsync(w => H2RawClient.Headers(w, 1, block, endStream: true));

        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.Equal(Http2ErrorCode.CompressionError, goAway!.ErrorCode);
        Assert.Empty(backend.Requests);
    }
}
