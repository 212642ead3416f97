using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>SECURITY.md case 25: :authority and host disagree, or neither is there → 400 (RFC 9113 §8.3.1).</summary>
public sealed class Case25_H2AuthorityAndHost
{
    [Theory]
    [InlineData(true, "b")]   // :authority a, host b
    [InlineData(false, null)] // neither
    public async Task Mismatch_OrMissing_400_NotForwarded(bool withAuthority, string? host)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var fields = new List<(string, string)> { (":method", "GET"), (":scheme", "http"), (":path", "/echo/x") };
        if (withAuthority) fields.Add((":authority", "a"));
        if (host is not null) fields.Add(("host", host));
        var block = client.Block([.. fields]);

        await client.SendAsync(w => H2RawClient.Headers(w, 1, block, endStream: true));

        var headers = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 1);
        Assert.Equal(400, headers!.Status);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task HostAlone_IsTheAuthority()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        await using var client = await H2RawClient.ConnectAsync(edge.Port);
        var block = client.Block((":method", "GET"), (":scheme", "http"), (":path", "/echo/x"), ("host", "h.test"));

        await client.SendAsync(w => H2RawClient.Headers(w, 1, block, endStream: true));

        var headers = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 1);
        Assert.Equal(200, headers!.Status);
        Assert.Equal("h.test", Assert.Single(backend.Requests).Header("X-Forwarded-Host"));
    }
}
