using System.Net;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// <c>security = ["jwt"]</c> through real requests: 200 with the token verified (and cached), 401 900902
/// without one, 401 900901 for a bad one, XML faults for <c>errors = "xml"</c>, what the backend sees
/// (Authorization stripped or kept, claims as headers, X-JWT-Assertion, the Authorization swap), scopes
/// per resource, and the access log's policy reason.
/// </summary>
public sealed class JwtPolicyTests : IDisposable
{
    private readonly JwtKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private Task<EdgeTestServer> StartAsync(TestBackend backend, string keys, string resources = "", string accessLog = "off") =>
        AuthGateway.StartAsync(backend, _kit.AuthJwt(), Api("orders", "/orders", "security = [\"jwt\"]\n" + keys, resources), accessLog: accessLog);

    [Fact]
    public async Task ValidToken_IsForwarded_WithoutAuthorization()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "");

        var (status, _, _) = await GetAsync(edge, "/orders/7", Bearer(_kit.Token()));
        var again = await GetAsync(edge, "/orders/8", Bearer(_kit.Token("ES256")));

        Assert.Equal(200, status);
        Assert.Equal(200, again.Status);
        Assert.All(backend.Requests, r => Assert.Null(r.Header("Authorization")));
        Assert.Equal(["/7", "/8"], backend.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task NoToken_Is401_900902_WithChallenge_AndNothingReachesTheBackend()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "");

        var (status, body, response) = await GetAsync(edge, "/orders/7");

        Assert.Equal(401, status);
        Assert.Equal(900902, FaultCode(body));
        Assert.Equal("Bearer realm=\"edge\"", Header(response, "WWW-Authenticate"));
        Assert.Equal("application/json; charset=UTF-8", Header(response, "Content-Type"));
        Assert.Empty(backend.Requests);
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer")]
    [InlineData("Token abc")]
    public async Task BadCredential_Is401_900901(string authorization)
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "");

        var (status, body, _) = await GetAsync(edge, "/orders/7", ("Authorization", authorization));

        Assert.Equal(401, status);
        Assert.Equal(900901, FaultCode(body));
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task XmlApi_GetsXmlFaults()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "errors = \"xml\"");

        var (status, body, response) = await GetAsync(edge, "/orders/7");

        Assert.Equal(401, status);
        Assert.Equal("application/xml; charset=UTF-8", Header(response, "Content-Type"));
        Assert.Contains("<am:code>900902</am:code>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimsAssertionAndSwap_ReachTheBackend_ClientCopiesDoNot()
    {
        await using var backend = new TestBackend();
        var keys = "claims_to_headers = { \"X-User\" = \"sub\", \"X-Tenant\" = \"tenant\" }\njwt_assertion = true\nauthorization_header = \"X-Authorization\"";
        await using var edge = await StartAsync(backend, keys);
        var token = _kit.Token(claims: _kit.Claims("\"tenant\":\"acme\""));

        var (status, _, _) = await GetAsync(edge, "/orders/7", Bearer(token), ("X-Authorization", "Bearer end-user-token"),
            ("X-User", "mallory"), ("X-JWT-Assertion", "forged"), ("X-Other", "kept"));

        Assert.Equal(200, status);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal(["alice"], seen.HeaderValues("X-User"));
        Assert.Equal("acme", seen.Header("X-Tenant"));
        Assert.Equal([token], seen.HeaderValues("X-JWT-Assertion"));
        Assert.Equal(["Bearer end-user-token"], seen.HeaderValues("Authorization"));
        Assert.Null(seen.Header("X-Authorization"));
        Assert.Equal("kept", seen.Header("X-Other"));
    }

    [Fact]
    public async Task KeepAuthorization_PassesTheTokenOn()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "keep_authorization = true");
        var token = _kit.Token();

        Assert.Equal(200, (await GetAsync(edge, "/orders/7", Bearer(token))).Status);
        Assert.Equal("Bearer " + token, Assert.Single(backend.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task ResourceScopes_403_900910_WhenNotGranted()
    {
        await using var backend = new TestBackend();
        var resources = """
              [[apis.resources]]
              path = "/admin/*"
              scopes = ["admin"]
              [[apis.resources]]
              path = "/*"
              scopes = ["read:order"]
            """;
        await using var edge = await StartAsync(backend, "", resources);

        var admin = await GetAsync(edge, "/orders/admin/x", Bearer(_kit.Token()));
        var read = await GetAsync(edge, "/orders/7", Bearer(_kit.Token()));

        Assert.Equal(403, admin.Status);
        Assert.Equal(900910, FaultCode(admin.Body));
        Assert.Equal(200, read.Status);
        Assert.Equal(["/7"], backend.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task AccessLog_CarriesThePolicyReason_NeverTheClient()
    {
        var log = Path.Combine(_kit.Directory, "access.log");
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "", accessLog: log);
        var expired = _kit.Token(claims: _kit.Claims(exp: _kit.Now - 3600));

        var refused = await GetAsync(edge, "/orders/7", Bearer(expired));
        await GetAsync(edge, "/orders/8", Bearer(_kit.Token()));

        Assert.DoesNotContain("expired", refused.Body, StringComparison.OrdinalIgnoreCase);
        await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllLines(log).Length >= 2);
        var lines = File.ReadAllLines(log);
        Assert.Contains(lines, l => l.Contains("\"fault\":900901", StringComparison.Ordinal) && l.Contains("\"policy\":\"jwt_expired\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"status\":200", StringComparison.Ordinal) && l.Contains("\"policy\":\"jwt\"", StringComparison.Ordinal));
    }

    /// <summary>SECURITY.md case 18 with real authentication: the 401 comes before the body, which is drained or the connection closed.</summary>
    [Fact]
    public async Task EarlyRefusal_UnreadBody_IsNeverARequest()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "");
        using var client = edge.Connect();
        const string Smuggled = "GET /orders/admin HTTP/1.1\r\nHost: abcd\r\n\r\n";

        await client.SendAsync($"POST /orders/x HTTP/1.1\r\nHost: a\r\nContent-Length: {Smuggled.Length}\r\n\r\n{Smuggled}");
        var response = await client.ReadResponseAsync();

        Assert.Equal(401, response!.Status);
        await client.SendAsync("GET /orders/next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var next = await client.ReadResponseAsync();
        if (next is not null) Assert.Equal(401, next.Status);
        Assert.Empty(backend.Requests);
    }
}
