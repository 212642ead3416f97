using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 19: fields named in Connection are removed before the upstream (RFC 9110 §7.6.1),
/// then Edge sets X-Forwarded-For to the peer (127.0.0.1) itself; the upstream never sees Keep-Alive,
/// Proxy-Connection, Upgrade, or TE other than "trailers".
/// </summary>
public sealed class Case19_ConnectionAbuse
{
    private static readonly string[] HopByHop =
        ["Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "TE", "Trailer", "Proxy-Authorization", "HTTP2-Settings"];

    [Theory]
    [InlineData("Connection: close, X-Forwarded-For, Authorization\r\n", "Authorization")]
    [InlineData("Connection: keep-alive, X-Forwarded-For, Authorization\r\n", "Authorization")]
    [InlineData("Connection: X-Forwarded-For\r\nConnection: Authorization\r\n", "Authorization")]
    [InlineData("Connection: x-forwarded-for,authorization , X-Secret\r\n", "X-Secret")]
    public async Task ConnectionNominatedFields_Removed_XffIsThePeer(string connection, string nominated)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync(SecurityGateway.Get("/echo/x",
            connection + "X-Forwarded-For: 6.6.6.6\r\nAuthorization: Bearer secret\r\nX-Secret: s\r\nX-Kept: yes\r\n"));
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("127.0.0.1", Assert.Single(seen.HeaderValues("X-Forwarded-For")));
        Assert.Empty(seen.HeaderValues(nominated));
        Assert.DoesNotContain("6.6.6.6", seen.RawHead, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer secret", seen.RawHead, StringComparison.Ordinal);
        Assert.Equal("yes", seen.Header("X-Kept"));
        foreach (var name in HopByHop) Assert.Empty(seen.HeaderValues(name));
    }

    [Theory]
    [InlineData("Keep-Alive: timeout=600, max=1000\r\n")]
    [InlineData("Proxy-Connection: keep-alive\r\n")]
    [InlineData("Upgrade: websocket\r\n")]                               // Upgrade without Connection: upgrade
    [InlineData("Connection: Upgrade\r\nUpgrade: foo/2\r\n")]
    [InlineData("TE: gzip\r\n")]
    [InlineData("TE: trailers, deflate;q=0.5\r\nConnection: TE\r\n")]
    [InlineData("Trailer: X-Checksum\r\n")]
    [InlineData("Proxy-Authorization: Basic YTpi\r\n")]
    [InlineData("Connection: Keep-Alive\r\nKeep-Alive: timeout=5\r\nProxy-Connection: close\r\nTE: chunked\r\n")]
    public async Task HopByHopFields_NeverReachTheUpstream(string fields)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync(SecurityGateway.Get("/echo/x", fields + "X-Kept: yes\r\n"));
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        var seen = Assert.Single(backend.Requests);
        foreach (var name in HopByHop) Assert.Empty(seen.HeaderValues(name));
        // "TE: trailers" would be allowed (SECURITY.md); Edge drops TE entirely, which is stricter.
        Assert.Equal("yes", seen.Header("X-Kept"));
        Assert.Equal("127.0.0.1", Assert.Single(seen.HeaderValues("X-Forwarded-For")));
    }

    [Fact]
    public async Task ConnectionNominatingHost_HostStillSetByEdge()
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend);
        using var client = edge.Connect();

        // Nominating Host or Content-Length must neither strip Edge's own Host nor break the framing.
        await client.SendAsync("POST /echo/x HTTP/1.1\r\nHost: a\r\nConnection: Host, Content-Length\r\nContent-Length: 3\r\n\r\nabc");
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.True(response!.Status is 200 or 400, response.StatusLine);
        if (response.Status == 200)
        {
            var seen = Assert.Single(backend.Requests);
            Assert.Equal($"127.0.0.1:{backend.Port}", Assert.Single(seen.HeaderValues("Host")));
            Assert.Equal("abc", System.Text.Encoding.ASCII.GetString(seen.Body));
            Assert.True(seen.BodyComplete);
        }
        else
        {
            Assert.Empty(backend.Requests);
        }
    }
}
