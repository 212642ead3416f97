using System.Net;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// The policies are protocol-neutral: over h2c (prior knowledge) a route with <c>security = ["jwt"]</c>
/// answers 401 with <c>WWW-Authenticate</c>, CORS fields reach the HTTP/2 response, and the HTTP/1.1
/// upstream request carries the claims and not the credential.
/// </summary>
public sealed class Http2PolicyTests : IDisposable
{
    private readonly JwtKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private static HttpClient H2(EdgeTestServer edge) => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(edge.BaseUrl),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    [Fact]
    public async Task Jwt_OverH2c()
    {
        await using var backend = new TestBackend();
        var keys = "security = [\"jwt\"]\nclaims_to_headers = { \"X-User\" = \"sub\" }\ncors = { origins = [\"https://app.example\"] }";
        await using var edge = await AuthGateway.StartAsync(backend, _kit.AuthJwt(), Api("h2", "/h2", keys), listenerKeys: "protocols = [\"http1\", \"h2c\"]");
        using var client = H2(edge);

        using var missing = new HttpRequestMessage(HttpMethod.Get, "/h2/x") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        missing.Headers.TryAddWithoutValidation("Origin", "https://app.example");
        using var refused = await client.SendAsync(missing);
        using var ok = new HttpRequestMessage(HttpMethod.Get, "/h2/y") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        ok.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _kit.Token());
        using var allowed = await client.SendAsync(ok);

        Assert.Equal(HttpVersion.Version20, refused.Version);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(900902, FaultCode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal("Bearer realm=\"edge\"", Header(refused, "WWW-Authenticate"));
        Assert.Equal("https://app.example", Header(refused, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("alice", seen.Header("X-User"));
        Assert.Null(seen.Header("Authorization"));
    }
}
