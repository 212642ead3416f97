namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 9: a chunk-size that is not <c>1*HEXDIG</c>, or overflows 64 bits → 400, close
/// (RFC 9112 §7.1: "anticipate … large hexadecimal numerals"); a well-formed size beyond the 10 MiB
/// body cap → 413. The upstream never sees a complete request.
/// </summary>
public sealed class Case09_ChunkSizeTests
{
    private const string Chunked = "POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    [Theory]
    [InlineData("0x5")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 5")]
    [InlineData("g")]
    [InlineData("")] // empty size line
    [InlineData("-5")]
    [InlineData("10000000000000000")] // 2^64: overflows
    [InlineData("ffffffffffffffffff")]
    [InlineData("00000000000000000000000000000000005")] // 35 digits: past the size-line digit cap
    public async Task InvalidChunkSize_400_Close(string size)
    {
        await using var h = await SmugglingHarness.StartAsync();
        var raw = Chunked + size + "\r\nhello\r\n0\r\n\r\n" + SmugglingHarness.Smuggled;

        await h.ExpectRejectAsync(raw, 400, "Invalid chunk size");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Theory]
    [InlineData("5\r\nhello\r\n", "g\r\n")] // the second chunk is the bad one: part of the body already streamed
    [InlineData("5\r\nhello\r\n", "\r\n")]
    public async Task InvalidSecondChunkSize_400_Close(string first, string second)
    {
        await using var h = await SmugglingHarness.StartAsync();
        var raw = Chunked + first + second + "world\r\n0\r\n\r\n" + SmugglingHarness.Smuggled;

        await h.ExpectRejectAsync(raw, 400, "Invalid chunk size");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Theory]
    [InlineData("A00001")] // 10 MiB + 1
    [InlineData("7fffffffffffffff")] // long.MaxValue: parses, far beyond the cap
    [InlineData("0000000000000000a00001")] // leading zeros do not hide the size
    public async Task ChunkSizeBeyondBodyCap_413_Close(string size)
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        // Only the size line is sent: the 413 comes before any chunk data.
        await client.SendAsync(Chunked + size + "\r\n");
        await SmugglingHarness.ExpectRejectAsync(client, 413, "Content too large");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Fact]
    public async Task ChunksAddingUpPastBodyCap_413_Close()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        var chunk = new string('a', 1024 * 1024);

        await client.SendAsync(Chunked);
        for (var i = 0; i < 10; i++) await SmugglingHarness.SendTolerantAsync(client, "100000\r\n" + chunk + "\r\n");
        await SmugglingHarness.SendTolerantAsync(client, "1\r\n");
        await SmugglingHarness.ExpectRejectAsync(client, 413, "Content too large");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }
}
