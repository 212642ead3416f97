using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>What the upstream sees: hop-by-hop removal, X-Forwarded-*, Via, Host modes, path and query mapping.</summary>
public sealed class ForwardingHeadersTests
{
    private const string Body = """
        [[upstreams]]
        name = "endpoint"
        endpoints = ["{BACKEND}/api"]

        [[upstreams]]
        name = "preserve"
        endpoints = ["{BACKEND}/api"]
        host_header = "preserve"

        [[upstreams]]
        name = "literal"
        endpoints = ["{BACKEND}/api"]
        host_header = "internal.example.net"

        [[apis]]
        name = "coffeebar"
        base_path = "/coffeebar/v1"
        upstream = "endpoint"
          [[apis.resources]]
          path = "/order/{id}"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "keep"
        base_path = "/keep"
        upstream = "preserve"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "lit"
        base_path = "/lit"
        upstream = "literal"
          [[apis.resources]]
          path = "/*"

        [[apis]]
        name = "rewritten"
        base_path = "/shop/v1"
        rewrite = "/v2"
        upstream = "endpoint"
          [[apis.resources]]
          path = "/*"
        """;

    private static async Task<BackendRequest> SendAsync(string rawRequest)
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();
        await client.SendAsync(rawRequest);
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.True(backend.Requests.TryDequeue(out var seen));
        return seen!;
    }

    private static Task<BackendRequest> GetAsync(string target, string host = "gw.example.com:8080", string headers = "") =>
        SendAsync($"GET {target} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n");

    [Fact]
    public async Task HopByHopHeaders_AndHeadersNamedInConnection_AreRemoved()
    {
        var seen = await GetAsync("/coffeebar/v1/order/7", headers:
            "Connection: keep-alive, X-Secret-Hop, x-other-hop\r\n"
            + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\nUpgrade: h2c\r\n"
            + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nX-Secret-Hop: 1\r\nX-Other-Hop: 2\r\nX-Keep-Me: yes\r\n");

        foreach (var name in new[] { "Keep-Alive", "TE", "Proxy-Connection", "Upgrade", "Proxy-Authorization", "X-Secret-Hop", "X-Other-Hop" })
            Assert.True(seen.Header(name) is null, $"{name} reached the upstream:\n{seen.RawHead}");
        // Edge may send its own Connection header, never the client's list.
        Assert.DoesNotContain("hop", seen.Header("Connection") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("yes", seen.Header("X-Keep-Me"));
    }

    [Fact]
    public async Task ForwardingHeaders_AreSetAndClientValuesReplaced()
    {
        var seen = await GetAsync("/coffeebar/v1/order/7", host: "Gw.Example.com:8080", headers:
            "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n");

        Assert.Equal("127.0.0.1", Assert.Single(seen.HeaderValues("X-Forwarded-For")));
        Assert.Equal("http", Assert.Single(seen.HeaderValues("X-Forwarded-Proto")));
        Assert.Equal("Gw.Example.com:8080", Assert.Single(seen.HeaderValues("X-Forwarded-Host")));
        Assert.Equal("1.1 edge", Assert.Single(seen.HeaderValues("Via")));
        Assert.Equal("HTTP/1.1", seen.Version);
    }

    [Fact]
    public async Task Host_Endpoint_IsTheEndpointsAuthority()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/coffeebar/v1/order/1");
        request.Headers.Host = "public.example.com";

        using var response = await client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal($"127.0.0.1:{backend.Port}", Assert.Single(seen!.HeaderValues("Host")));
        Assert.Equal("public.example.com", seen.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Host_Preserve_IsTheClientsHost()
    {
        var seen = await GetAsync("/keep/x", host: "Public.Example.com:8080");
        Assert.Equal("Public.Example.com:8080", Assert.Single(seen.HeaderValues("Host")));
        Assert.Equal("/api/x", seen.Target);
    }

    [Fact]
    public async Task Host_Literal_IsTheConfiguredValue()
    {
        var seen = await GetAsync("/lit/x", host: "public.example.com");
        Assert.Equal("internal.example.net", Assert.Single(seen.HeaderValues("Host")));
    }

    [Theory]
    [InlineData("/coffeebar/v1/order/7", "/api/order/7")]
    [InlineData("/coffeebar/v1", "/api")]
    [InlineData("/coffeebar/v1/", "/api/")]
    [InlineData("/coffeebar/v1/a%2Fb/c;p=1", "/api/a%2Fb/c;p=1")]
    [InlineData("/shop/v1/items/3", "/api/v2/items/3")]
    [InlineData("/shop/v1", "/api/v2")]
    public async Task Path_BaseStripped_EndpointPathAndRewritePrefixed(string requestPath, string upstreamPath)
    {
        var seen = await GetAsync(requestPath);
        Assert.Equal(upstreamPath, seen.Target);
    }

    [Theory]
    [InlineData("?a=%2F&b=c+d;e=f&&g==&h")]
    [InlineData("?q=caf%C3%A9&x=a%20b&y=a+b&empty=&=v")]
    [InlineData("?")]
    [InlineData("?path=/a/b?c=d")]
    public async Task Query_IsForwardedByteForByte(string query)
    {
        var seen = await GetAsync("/coffeebar/v1/order/7" + query);
        Assert.Equal("/api/order/7" + query, seen.Target);
    }

    [Fact]
    public async Task Curl_QueryAndPathArrive_Unchanged()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);

        var result = await Curl.RunAsync("-sS", "--path-as-is", $"{edge.BaseUrl}/shop/v1/x%2Fy?a=%2F&b=1+2;c");

        Assert.Equal(0, result.ExitCode);
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal("/api/v2/x%2Fy?a=%2F&b=1+2;c", seen!.Target);
    }

    [Fact]
    public async Task RepeatedHeaders_AreAllForwardedInOrder()
    {
        var seen = await GetAsync("/coffeebar/v1/order/7", headers: "X-Multi: 1\r\nX-Multi: 2\r\nCookie: a=1\r\n");
        Assert.Equal(["1", "2"], seen.HeaderValues("X-Multi").ToArray());
        Assert.Equal("a=1", seen.Header("Cookie"));
    }
}
