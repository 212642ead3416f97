using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// CORS per API: preflights answered at the edge (never forwarded, never asking for credentials), actual
/// responses — the upstream's, and Edge's own faults — carrying Edge's CORS fields in place of the
/// upstream's.
/// </summary>
public sealed class CorsPolicyTests : IDisposable
{
    private readonly JwtKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private const string Cors = "cors = { origins = [\"https://app.example\"], methods = [\"GET\", \"PUT\"], headers = [\"Authorization\", \"Content-Type\"], expose = [\"X-Backend\"], credentials = true, max_age = \"1h\" }";

    private Task<EdgeTestServer> StartAsync(TestBackend backend) =>
        AuthGateway.StartAsync(backend, _kit.AuthJwt(), Api("app", "/app", "security = [\"jwt\"]\n" + Cors, "  [[apis.resources]]\n  path = \"/items/{id}\"\n  methods = [\"GET\", \"PUT\"]\n"));

    private static async Task<RawResponse> SendAsync(EdgeTestServer edge, string request)
    {
        using var client = edge.Connect();
        await client.SendAsync(request);
        return (await client.ReadResponseAsync())!;
    }

    [Fact]
    public async Task Preflight_Allowed_Is204_WithTheFields_AndNeverForwarded()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);

        var response = await SendAsync(edge, "OPTIONS /app/items/7 HTTP/1.1\r\nHost: a\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: authorization,content-type\r\n\r\n");

        Assert.Equal(204, response.Status);
        Assert.Equal("https://app.example", response.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", response.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("GET, PUT", response.Header("Access-Control-Allow-Methods"));
        Assert.Equal("Authorization, Content-Type", response.Header("Access-Control-Allow-Headers"));
        Assert.Equal("3600", response.Header("Access-Control-Max-Age"));
        Assert.Empty(backend.Requests);
    }

    [Theory]
    [InlineData("https://evil.example", "PUT", "")]
    [InlineData("https://app.example", "DELETE", "")]
    [InlineData("https://app.example", "GET", "Access-Control-Request-Headers: x-admin\r\n")]
    public async Task Preflight_Refused_Is403_WithoutCorsFields(string origin, string method, string extra)
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);

        var response = await SendAsync(edge, $"OPTIONS /app/items/7 HTTP/1.1\r\nHost: a\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: {method}\r\n{extra}\r\n");

        // DELETE is not routed on this resource: the preflight then finds no CORS route and is a 405.
        Assert.Equal(method == "DELETE" ? 405 : 403, response.Status);
        Assert.Null(response.Header("Access-Control-Allow-Origin"));
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task ActualRequest_UpstreamResponse_GetsEdgesFields_NotTheUpstreams()
    {
        await using var backend = new TestBackend
        {
            Behavior = TestBackend.Raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nAccess-Control-Allow-Origin: *\r\nX-Backend: b\r\n\r\nok"),
        };
        await using var edge = await StartAsync(backend);

        var response = await SendAsync(edge, $"GET /app/items/7 HTTP/1.1\r\nHost: a\r\nOrigin: https://app.example\r\nAuthorization: Bearer {_kit.Token()}\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal(["https://app.example"], response.Headers.Where(h => h.Key.Equals("Access-Control-Allow-Origin", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
        Assert.Equal("true", response.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("X-Backend", response.Header("Access-Control-Expose-Headers"));
        Assert.Equal("Origin", response.Header("Vary"));
    }

    [Fact]
    public async Task Fault_CarriesTheCorsFields_SoTheBrowserCanReadIt()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);

        var response = await SendAsync(edge, "GET /app/items/7 HTTP/1.1\r\nHost: a\r\nOrigin: https://app.example\r\n\r\n");

        Assert.Equal(401, response.Status);
        Assert.Equal("https://app.example", response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("900902", response.BodyText, StringComparison.Ordinal);
    }
}
