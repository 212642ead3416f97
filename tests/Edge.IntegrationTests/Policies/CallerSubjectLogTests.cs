using System.Security.Cryptography;
using System.Text;
using Edge.IntegrationTests.Gateway;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// Through the real gateway: every authenticated caller is named in the access log's <c>subject</c> —
/// the JWT's sub, the API key's configured name — and a refused credential names nobody.
/// </summary>
public sealed class CallerSubjectLogTests
{
    private const string ApiKey = "k-subject-test-0001";

    [Fact]
    public async Task AccessLog_NamesTheCaller_ForJwtAndApiKey()
    {
        using var kit = new JwtKit();
        var log = Path.Combine(kit.Directory, "access.log");
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)));
        var toml = $$"""
            [server]
            admin = "127.0.0.1:{ADMIN}"
            access_log = "{{log}}"

            [[listeners]]
            bind = "127.0.0.1:{PORT}"

            [[upstreams]]
            name = "backend"
            endpoints = ["{BACKEND}"]

            {{kit.AuthJwt()}}
            [[auth.api_keys]]
            name = "partner"
            sha256 = "{{digest}}"

            [[apis]]
            name = "orders"
            base_path = "/orders"
            upstream = "backend"
            security = ["jwt", "api_key"]
            """;
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(toml, backend.Url);
        using var client = edge.CreateClient();

        async Task<int> SendAsync(string path, string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(200, await SendAsync("/orders/jwt", "Authorization", "Bearer " + kit.Token()));
        Assert.Equal(200, await SendAsync("/orders/key", "apikey", ApiKey));
        Assert.Equal(401, await SendAsync("/orders/bad", "apikey", "wrong"));

        var lines = await AccessLogTests.ReadLinesAsync(log, 3);
        Assert.Equal(3, lines.Count);
        string? SubjectOf(string path)
        {
            var line = lines.Single(l => l.GetProperty("path").GetString() == path);
            return line.TryGetProperty("subject", out var s) ? s.GetString() : null;
        }
        Assert.Equal("alice", SubjectOf("/orders/jwt"));
        Assert.Equal("partner", SubjectOf("/orders/key"));
        Assert.Null(SubjectOf("/orders/bad"));
    }
}
