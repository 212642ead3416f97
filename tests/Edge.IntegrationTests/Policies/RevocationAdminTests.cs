using System.Text.Json;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// Revocation through the admin listener (<c>POST /revocations</c>, <c>GET /revocations/stats</c>) and the
/// <c>revoked</c> file, reloaded with the config; the list survives reloads.
/// </summary>
public sealed class RevocationAdminTests : IDisposable
{
    private readonly JwtKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private Task<EdgeTestServer> StartAsync(TestBackend backend, string jwtExtra = "") =>
        AuthGateway.StartAsync(backend, _kit.AuthJwt(jwtExtra), Api("api", "/api", "security = [\"jwt\"]"));

    [Fact]
    public async Task PostJti_RefusesThatTokenFromTheNextRequest_OthersStillPass()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);
        var token = _kit.Token(claims: _kit.Claims(jti: "jti-to-revoke"));
        var other = _kit.Token();
        Assert.Equal(200, (await GetAsync(edge, "/api/x", Bearer(token))).Status); // now cached

        var (status, body) = await AdminPostAsync(edge, "/revocations", $"{{\"jti\":\"jti-to-revoke\",\"exp\":{_kit.Now + 3600}}}");

        Assert.Equal(200, status);
        Assert.Contains("\"added\":1", body, StringComparison.Ordinal);
        var refused = await GetAsync(edge, "/api/x", Bearer(token));
        Assert.Equal((401, 900901), (refused.Status, FaultCode(refused.Body)));
        Assert.Equal(200, (await GetAsync(edge, "/api/x", Bearer(other))).Status);
    }

    [Fact]
    public async Task PostSubject_RefusesTokensIssuedBefore()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);
        var old = _kit.Token();

        Assert.Equal(200, (await AdminPostAsync(edge, "/revocations", $"[{{\"sub\":\"alice\",\"before\":{_kit.Now}}}]")).Status);

        Assert.Equal(401, (await GetAsync(edge, "/api/x", Bearer(old))).Status);
        var newer = _kit.Token(claims: _kit.Claims().Replace($"\"iat\":{_kit.Now - 10}", $"\"iat\":{_kit.Now + 1}", StringComparison.Ordinal));
        Assert.Equal(200, (await GetAsync(edge, "/api/x", Bearer(newer))).Status);
    }

    [Theory]
    [InlineData("{\"jti\":\"a\"}")]
    [InlineData("not json")]
    [InlineData("{\"jti\":\"a\",\"exp\":1,\"admin\":true}")]
    public async Task BadBody_Is400_AndAppliesNothing(string json)
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);

        var (status, body) = await AdminPostAsync(edge, "/revocations", json);

        Assert.Equal(400, status);
        Assert.Contains("\"ok\":false", body, StringComparison.Ordinal);
        var stats = JsonDocument.Parse((await AdminGetAsync(edge, "/revocations/stats")).Body).RootElement;
        Assert.Equal(0, stats.GetProperty("token_ids").GetInt32());
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);

        // A raw client: the 413 comes from the declared length, before any of the body is read. (HttpClient
        // races here: it may shut its socket down on the early final response while still copying the
        // body, and then reports its own broken pipe instead of the 413.)
        using var client = RawClient.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, edge.AdminPort));
        await client.SendAsync("POST /revocations HTTP/1.1\r\nHost: admin\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(413, response?.Status);
        Assert.Equal("close", response!.Header("Connection"));
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task RevokedFile_IsReadOnReload_AndTheListSurvivesReloads()
    {
        var file = _kit.Write("revoked.txt", "# nothing yet\n");
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, $"revoked = \"{file}\"");
        var fromFile = _kit.Token(claims: _kit.Claims(jti: "from-file"));
        var fromAdmin = _kit.Token(claims: _kit.Claims(jti: "from-admin"));
        Assert.Equal(200, (await GetAsync(edge, "/api/x", Bearer(fromFile))).Status);
        Assert.Equal(200, (await AdminPostAsync(edge, "/revocations", $"{{\"jti\":\"from-admin\",\"exp\":{_kit.Now + 3600}}}")).Status);

        File.WriteAllText(file, $"from-file {_kit.Now + 3600}\n");
        var reload = await edge.Server.ReloadAsync();

        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        Assert.Equal(401, (await GetAsync(edge, "/api/x", Bearer(fromFile))).Status);
        Assert.Equal(401, (await GetAsync(edge, "/api/x", Bearer(fromAdmin))).Status); // kept across the reload
        var stats = JsonDocument.Parse((await AdminGetAsync(edge, "/revocations/stats")).Body).RootElement;
        Assert.Equal(2, stats.GetProperty("token_ids").GetInt32());
        Assert.Equal(1, stats.GetProperty("admin_added").GetInt32());
        Assert.True(stats.GetProperty("policy").GetProperty("jwt_revoked").GetInt64() >= 2);
        Assert.True(stats.GetProperty("jwt_cache").GetProperty("entries").GetInt32() >= 1);
    }

    [Fact]
    public async Task BadRevokedFile_RejectsTheReload_WithItsLineAndColumn()
    {
        var file = _kit.Write("revoked.txt", "ok 1900000000\n");
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, $"revoked = \"{file}\"");

        File.WriteAllText(file, "ok 1900000000\nsub alice soon\n");
        var reload = await edge.Server.ReloadAsync();

        Assert.False(reload.Succeeded);
        Assert.Contains(reload.Errors, e => e.Contains("auth.jwt.revoked: " + file + ":2:11: bad before", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revocations_OnlyOnTheAdminListener()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend);
        using var client = edge.CreateClient();

        using var response = await client.PostAsync("/revocations", new StringContent("{\"jti\":\"a\",\"exp\":1}"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
