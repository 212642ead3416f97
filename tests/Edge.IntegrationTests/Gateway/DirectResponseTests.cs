using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary><c>respond = { status, headers, body | json }</c> answers without an upstream.</summary>
public sealed class DirectResponseTests
{
    private const string Body = """
        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/menu"
          methods = ["GET", "HEAD"]
          respond = { status = 200, json = '{"items":["espresso"]}' }
          [[apis.resources]]
          path = "/teapot"
          respond = { status = 418, headers = { "X-Brew" = "no", "Cache-Control" = "no-store" }, body = "I'm a teapot" }
          [[apis.resources]]
          path = "/typed"
          respond = { status = 201, headers = { "Content-Type" = "text/csv" }, body = "a,b\n1,2\n" }
          [[apis.resources]]
          path = "/empty"
          respond = { status = 204 }
        """;

    [Fact]
    public async Task Json_HasJsonContentTypeAndExactBody()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        using var client = edge.CreateClient();
        using var response = await client.GetAsync("/mock/menu");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"items\":[\"espresso\"]}", await response.Content.ReadAsStringAsync());
        Assert.Equal(22, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task StatusHeadersAndBody_AsConfigured()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var result = await Curl.RunAsync("-sS", "-i", "-X", "POST", $"{edge.BaseUrl}/mock/teapot");
        Assert.Equal(0, result.ExitCode);
        var text = result.Text;
        Assert.StartsWith("HTTP/1.1 418", text);
        Assert.Contains("X-Brew: no\r\n", text);
        Assert.Contains("Cache-Control: no-store\r\n", text);
        Assert.Contains("text/plain", text);
        Assert.EndsWith("\r\n\r\nI'm a teapot", text);
    }

    [Fact]
    public async Task ContentTypeHeader_OverridesTheDefault()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        using var client = edge.CreateClient();
        using var response = await client.PutAsync("/mock/typed", new StringContent("ignored"));
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("a,b\n1,2\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HeadAnd204_HaveNoBody_ConnectionStaysUsable()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        using var client = edge.Connect();

        await client.SendAsync("HEAD /mock/menu HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await client.ReadResponseAsync(headRequest: true);
        Assert.Equal(200, head!.Status);
        Assert.Equal("22", head.Header("Content-Length"));

        await client.SendAsync("GET /mock/empty HTTP/1.1\r\nHost: x\r\n\r\n");
        var empty = await client.ReadResponseAsync();
        Assert.Equal(204, empty!.Status);
        Assert.Null(empty.Header("Transfer-Encoding"));

        await client.SendAsync("GET /mock/menu HTTP/1.1\r\nHost: x\r\n\r\n");
        var menu = await client.ReadResponseAsync();
        Assert.Equal("{\"items\":[\"espresso\"]}", menu!.BodyText);
        Assert.Equal("", client.Pending);
    }
}
