using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 13: an absolute-form target is routed on its own authority and Host is ignored
/// (RFC 9112 §3.2.2 MUST); it is forwarded in origin-form with Host rewritten. Never route on one host
/// and forward the other. CONNECT → 405; asterisk-form → 400/405.
/// </summary>
public sealed class Case13_TargetForms
{
    // The same base path on two hosts: "other.test" forwards to the backend, "a" answers 200 itself.
    private const string Routes = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "other"
        hosts = ["other.test"]
        base_path = "/echo"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "local"
        hosts = ["a"]
        base_path = "/echo"
          [[apis.resources]]
          path = "/*"
          respond = { status = 200, body = "served-by-host-a" }
        """;

    [Theory]
    [InlineData("http://other.test/echo/x", "a")]
    [InlineData("http://other.test/echo/x", "a:80")]
    [InlineData("http://OTHER.test/echo/x", "a")]
    [InlineData("http://other.test:80/echo/x", "other.test")]
    public async Task AbsoluteForm_RoutesOnTargetAuthority_ForwardsOriginFormWithHostRewritten(string target, string host)
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync($"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        Assert.DoesNotContain("served-by-host-a", response.BodyText);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("/x", seen.Target); // origin-form, never the absolute URI
        Assert.Equal($"127.0.0.1:{backend.Port}", Assert.Single(seen.HeaderValues("Host")));
    }

    [Fact]
    public async Task AbsoluteForm_ToLocalHost_IgnoresForwardingHostHeader()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes), backend.Url);
        using var client = edge.Connect();

        // Host names the forwarding API, the target names "a": "a" wins, nothing is forwarded.
        await client.SendAsync("GET http://a/echo/x HTTP/1.1\r\nHost: other.test\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        Assert.Equal("served-by-host-a", response.BodyText);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task AbsoluteForm_UnservedAuthority_IsRefused_NothingForwarded()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync("GET http://nothere.test/echo/x HTTP/1.1\r\nHost: other.test\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        // SECURITY.md: "400 if not served"; Edge answers its no-route fault (404, 900906). Either way: refused, not forwarded.
        Assert.Contains(response!.Status, new[] { 400, 404 });
        Assert.Empty(backend.Requests);
    }

    [Theory]
    [InlineData("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", false)]
    [InlineData("CONNECT other.test:443 HTTP/1.1\r\nHost: other.test:443\r\n\r\n", false)]
    [InlineData("CONNECT /echo/x HTTP/1.1\r\nHost: other.test\r\n\r\n", true)] // CONNECT needs authority-form: 400 is also right
    public async Task Connect_Is405_NeverTunnelled(string request, bool malformed)
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(request);
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.True(response!.Status == 405 || (malformed && response.Status == 400), $"CONNECT answered {response.StatusLine}");
        Assert.Empty(backend.Requests);
        Assert.Equal(0, backend.Connections);
    }

    [Theory]
    [InlineData("GET * HTTP/1.1\r\nHost: other.test\r\n\r\n")]
    [InlineData("POST * HTTP/1.1\r\nHost: other.test\r\nContent-Length: 0\r\n\r\n")]
    public async Task AsteriskForm_IsRefused(string request)
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync(request);
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.True(response!.Status is 400 or 405, $"asterisk-form answered {response.StatusLine}");
        Assert.Empty(backend.Requests);
    }
}
