using System.Security.Cryptography;
using System.Text;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// API keys (header or query parameter, stored as SHA-256 digests) and Basic users (PBKDF2 hashes, a
/// verified-credential cache), alone and combined ("any one suffices"), through real requests — curl for
/// Basic, so a client outside .NET encodes the credentials.
/// </summary>
public sealed class ApiKeyAndBasicPolicyTests
{
    private const string Key = "pk_live_4f1c9e2a7b";
    private const string Password = "correct horse battery staple";

    // 1,000 iterations: the same algorithm and format as the 600,000 default, without seconds per test.
    private static readonly string AliceHash = Edge.Security.Basic.Pbkdf2Hash.Create(Encoding.UTF8.GetBytes(Password), 1000).Format();

    private static string Auth => $"""
        [[auth.api_keys]]
        name = "partner"
        sha256 = "{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))}"
        [[auth.basic_users]]
        name = "alice"
        hash = "{AliceHash}"
        """;

    [Fact]
    public async Task ApiKey_Header_AndQuery_AreStrippedBeforeTheBackend()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, Auth, Api("keys", "/keys", "security = [\"api_key\"]\napi_key = { header = \"X-Api-Key\", query = \"api_key\" }"));

        var header = await GetAsync(edge, "/keys/a", ("X-Api-Key", Key));
        var query = await GetAsync(edge, $"/keys/b?x=1&api_key={Key}&y=2");
        var wrong = await GetAsync(edge, "/keys/c", ("X-Api-Key", Key + "x"));
        var missing = await GetAsync(edge, "/keys/d");

        Assert.Equal(200, header.Status);
        Assert.Equal(200, query.Status);
        Assert.Equal((401, 900901), (wrong.Status, FaultCode(wrong.Body)));
        Assert.Equal((401, 900902), (missing.Status, FaultCode(missing.Body)));
        Assert.Equal(["/a", "/b?x=1&y=2"], backend.Requests.Select(r => r.Target));
        Assert.All(backend.Requests, r => Assert.Null(r.Header("X-Api-Key")));
    }

    [Fact]
    public async Task ApiKey_OnlyQueryParameter_LeavesNoEmptyQuery()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, Auth, Api("keys", "/keys", "security = [\"api_key\"]\napi_key = { query = \"k\" }"));

        Assert.Equal(200, (await GetAsync(edge, $"/keys/a?k={Key}")).Status);
        Assert.Equal("/a", Assert.Single(backend.Requests).Target);
    }

    [Fact]
    public async Task Basic_WithCurl_RightUserIn_WrongPasswordOut()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, Auth, Api("basic", "/basic", "security = [\"basic\"]"));

        var ok = await Curl.RunAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", $"alice:{Password}", edge.BaseUrl + "/basic/x");
        var cached = await Curl.RunAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", $"alice:{Password}", edge.BaseUrl + "/basic/y");
        var wrong = await Curl.RunAsync("-s", "-D", "-", "-u", "alice:Correct horse battery staple", edge.BaseUrl + "/basic/z");
        var unknown = await Curl.RunAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", $"bob:{Password}", edge.BaseUrl + "/basic/z");

        Assert.Equal("200", ok.Text);
        Assert.Equal("200", cached.Text);
        Assert.StartsWith("HTTP/1.1 401", wrong.Text, StringComparison.Ordinal);
        Assert.Contains("WWW-Authenticate: Basic realm=\"edge\", charset=\"UTF-8\"", wrong.Text, StringComparison.Ordinal);
        Assert.Contains("900901", wrong.Text, StringComparison.Ordinal);
        Assert.Equal("401", unknown.Text);
        Assert.Equal(["/x", "/y"], backend.Requests.Select(r => r.Target));
        Assert.All(backend.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task AnyOf_KeyOrBasic()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, Auth, Api("both", "/both", "security = [\"basic\", \"api_key\"]"));

        Assert.Equal(200, (await GetAsync(edge, "/both/1", Basic("alice", Password))).Status);
        Assert.Equal(200, (await GetAsync(edge, "/both/2", ("apikey", Key))).Status);
        // A wrong password next to a good key: the key suffices.
        Assert.Equal(200, (await GetAsync(edge, "/both/3", Basic("alice", "nope"), ("apikey", Key))).Status);
        var none = await GetAsync(edge, "/both/4");
        Assert.Equal((401, 900902), (none.Status, FaultCode(none.Body)));
    }

    [Fact]
    public async Task ResourceOverride_NoneOnOnePath()
    {
        await using var backend = new TestBackend();
        var resources = "  [[apis.resources]]\n  path = \"/health\"\n  security = [\"none\"]\n  [[apis.resources]]\n  path = \"/*\"\n";
        await using var edge = await AuthGateway.StartAsync(backend, Auth, Api("mixed", "/mixed", "security = [\"api_key\"]", resources));

        Assert.Equal(200, (await GetAsync(edge, "/mixed/health")).Status);
        Assert.Equal(401, (await GetAsync(edge, "/mixed/data")).Status);
    }
}
