using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>Host and path routing through real sockets: which API answered is told by a direct-response body.</summary>
public sealed class RoutingTests
{
    private const string Body = """
        [[apis]]
        name = "exact-host"
        base_path = "/"
        hosts = ["api.example.com"]
          [[apis.resources]]
          path = "/who"
          respond = { status = 200, body = "exact" }

        [[apis]]
        name = "wildcard-host"
        base_path = "/"
        hosts = ["*.example.com"]
          [[apis.resources]]
          path = "/who"
          respond = { status = 200, body = "wildcard" }

        [[apis]]
        name = "any-host"
        base_path = "/"
          [[apis.resources]]
          path = "/who"
          respond = { status = 200, body = "any" }

        [[apis]]
        name = "items"
        base_path = "/store"
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["GET"]
          respond = { status = 200, body = "item-by-id" }
          [[apis.resources]]
          path = "/items/special"
          methods = ["GET"]
          respond = { status = 200, body = "item-special" }
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["PUT", "DELETE"]
          respond = { status = 200, body = "item-write" }
          [[apis.resources]]
          path = "/files/*"
          methods = ["GET"]
          respond = { status = 200, body = "files" }

        [[apis]]
        name = "catchall"
        base_path = "/cat"
          [[apis.resources]]
          path = "/*"
          respond = { status = 200, body = "cat" }

        [[apis]]
        name = "deep"
        base_path = "/cat/deep"
          [[apis.resources]]
          path = "/*"
          respond = { status = 200, body = "deep" }
        """;

    private static async Task<(int Status, string Body, HttpResponseMessage Response)> GetAsync(EdgeTestServer edge, string path, string? host = null, HttpMethod? method = null)
    {
        using var client = edge.CreateClient();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (host is not null) request.Headers.Host = host;
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Theory]
    [InlineData("api.example.com", "exact")]
    [InlineData("API.Example.COM:8080", "exact")]
    [InlineData("api.example.com.", "exact")]
    [InlineData("web.example.com", "wildcard")]
    [InlineData("a.b.example.com", "wildcard")]
    [InlineData("example.com", "any")]
    [InlineData("notexample.com", "any")]
    [InlineData("127.0.0.1", "any")]
    public async Task Host_ExactBeatsWildcardBeatsAny(string host, string expected)
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var (status, body, _) = await GetAsync(edge, "/who", host);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task Host_Curl_RoutesByTheHostHeader()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var result = await Curl.RunAsync("-sS", "-H", "Host: shop.example.com", $"{edge.BaseUrl}/who");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("wildcard", result.Text);
    }

    [Fact]
    public async Task AbsoluteFormTarget_RoutesByItsAuthority()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        using var client = edge.Connect();
        await client.SendAsync("GET http://api.example.com/who HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(200, response!.Status);
        Assert.Equal("exact", response.BodyText);
    }

    [Theory]
    [InlineData("/store/items/42", "item-by-id")]
    [InlineData("/store/items/special", "item-special")]
    [InlineData("/store/items/special/", "item-special")]
    [InlineData("/store/files", "files")]
    [InlineData("/store/files/a/b/c.txt", "files")]
    [InlineData("/cat", "cat")]
    [InlineData("/cat/", "cat")]
    [InlineData("/cat/x/y", "cat")]
    [InlineData("/cat/deep", "deep")]
    [InlineData("/cat/deep/er", "deep")]
    [InlineData("/cat/deeper", "cat")]
    public async Task Path_TemplatesAndMostSpecificMatch(string path, string expected)
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var (status, body, _) = await GetAsync(edge, path);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task Method_SelectsAmongRoutesOfTheSamePath()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var (status, body, _) = await GetAsync(edge, "/store/items/42", method: HttpMethod.Put);
        Assert.Equal(200, status);
        Assert.Equal("item-write", body);
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("/store/items")]
    [InlineData("/store/items/1/2")]
    [InlineData("/store/filesystem")]
    [InlineData("/store/items//")]
    public async Task NoMatch_Is404WithJsonFault900906(string path)
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var (status, body, response) = await GetAsync(edge, path);
        Assert.Equal(404, status);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(body);
        Assert.Equal(900906, json.RootElement.GetProperty("fault").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task WrongMethod_Is405WithAllowListingTheUnion()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body));
        var (status, _, response) = await GetAsync(edge, "/store/items/42", method: HttpMethod.Post);
        Assert.Equal(405, status);
        Assert.Equal(["DELETE", "GET", "PUT"], response.Content.Headers.Allow.Order(StringComparer.Ordinal).ToArray());

        using var client = edge.Connect();
        await client.SendAsync("PATCH /store/files/x HTTP/1.1\r\nHost: x\r\n\r\n");
        var raw = await client.ReadResponseAsync();
        Assert.Equal(405, raw!.Status);
        Assert.Equal("GET", raw.Header("Allow"));
        Assert.Contains("\"fault\"", raw.BodyText);
        // A fault does not end the connection.
        await client.SendAsync("GET /cat HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("cat", (await client.ReadResponseAsync())!.BodyText);
    }
}
