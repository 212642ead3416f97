using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>The gateway answers through real sockets: direct response, forward, fault, admin.</summary>
public sealed class SmokeTests
{
    private const string Body = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}/api"]

        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/menu"
          methods = ["GET"]
          respond = { status = 200, json = '{"items":["espresso"]}' }

        [[apis]]
        name = "coffeebar"
        base_path = "/coffeebar/v1"
        upstream = "backend"
          [[apis.resources]]
          path = "/order/{orderId}"
          methods = ["GET", "POST"]
        """;

    [Fact]
    public async Task Forward_StripsBasePathAndPrefixesEndpointPath()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();

        var response = await client.GetAsync("/coffeebar/v1/order/7?x=1&y=%20");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal("/api/order/7?x=1&y=%20", seen!.Target);
        Assert.Equal($"127.0.0.1:{backend.Port}", seen.Header("Host"));
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("1.1 edge", seen.Header("Via"));
    }

    [Fact]
    public async Task DirectResponse_NoMatch_MethodNotAllowed_Health()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();

        var menu = await client.GetAsync("/mock/menu");
        Assert.Equal(200, (int)menu.StatusCode);
        Assert.Equal("{\"items\":[\"espresso\"]}", await menu.Content.ReadAsStringAsync());

        var missing = await client.GetAsync("/nothing/here");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Contains("900906", await missing.Content.ReadAsStringAsync());

        var wrongMethod = await client.DeleteAsync("/mock/menu");
        Assert.Equal(405, (int)wrongMethod.StatusCode);
        Assert.Equal("GET", string.Join(",", wrongMethod.Content.Headers.Allow));

        using var admin = new HttpClient();
        var health = await admin.GetAsync(edge.AdminUrl + "/health");
        Assert.Equal("{\"status\":\"ok\"}", await health.Content.ReadAsStringAsync());
        Assert.Empty(backend.Requests);
    }
}
