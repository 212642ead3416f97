using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// The gateway for SECURITY.md cases 45–56: <c>/echo/*</c> forwards to a <see cref="TestBackend"/> only
/// for a valid JWT (issuers A and B of <see cref="JwtKit"/>, audience "edge"), on a <see cref="TestClock"/>
/// fixed at <see cref="Now"/>. Every refusal must be 401 with fault 900901 (never a hint of why), and must
/// leave the backend untouched.
/// </summary>
internal sealed class JwtCaseGateway : IAsyncDisposable
{
    public const long Now = 1_800_000_000; // 2027-01-15T08:00:00Z

    private JwtCaseGateway(JwtKit kit, TestClock clock, TestBackend backend, EdgeTestServer edge)
    {
        Kit = kit;
        Clock = clock;
        Backend = backend;
        Edge = edge;
    }

    public JwtKit Kit { get; }
    public TestClock Clock { get; }
    public TestBackend Backend { get; }
    public EdgeTestServer Edge { get; }

    /// <param name="jwtExtra">More <c>[auth.jwt]</c> keys (revoked, cache_size, max_token_size, ...).</param>
    /// <param name="issuerAExtra">More keys in issuer A's inline table (e.g. <c>, typ = "at+jwt"</c>).</param>
    /// <param name="extraIssuers">Whole extra issuer tables, each ending with a comma.</param>
    public static async Task<JwtCaseGateway> StartAsync(string jwtExtra = "", string issuerAExtra = "", string limits = "", string extraIssuers = "", long now = Now)
    {
        var kit = new JwtKit(now);
        var clock = new TestClock(now);
        var backend = new TestBackend();
        var auth = kit.AuthJwt(jwtExtra, issuerAExtra);
        if (extraIssuers.Length > 0) auth = auth.Replace("\n]", "\n  " + extraIssuers + "\n]", StringComparison.Ordinal);
        var toml = $$"""
            [server]
            admin = "127.0.0.1:{ADMIN}"
            access_log = "off"
            drain_timeout = "5s"
            {{(limits.Length > 0 ? "[server.limits]\n" + limits : "")}}

            [[listeners]]
            bind = "127.0.0.1:{PORT}"

            [[upstreams]]
            name = "backend"
            endpoints = ["{BACKEND}"]

            {{auth}}

            [[apis]]
            name = "echo"
            base_path = "/echo"
            upstream = "backend"
            security = ["jwt"]
            """;
        try
        {
            var edge = await EdgeTestServer.StartWithClockAsync(toml, clock, null, backend.Url);
            return new JwtCaseGateway(kit, clock, backend, edge);
        }
        catch
        {
            await backend.DisposeAsync();
            kit.Dispose();
            throw;
        }
    }

    /// <summary>Sends <c>GET /echo/x</c> with the token; returns the status and the fault code (0 when none).</summary>
    public async Task<(int Status, int Fault)> SendAsync(string token)
    {
        using var client = Edge.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/x");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var fault = 0;
        if ((int)response.StatusCode >= 400 && body.StartsWith('{'))
        {
            using var json = JsonDocument.Parse(body);
            fault = json.RootElement.GetProperty("fault").GetProperty("code").GetInt32();
        }
        return ((int)response.StatusCode, fault);
    }

    /// <summary>The token is refused with 401 / 900901 and nothing reaches the backend.</summary>
    public async Task AssertRefusedAsync(string token, string because)
    {
        var before = Backend.Requests.Count;
        var (status, fault) = await SendAsync(token);
        Assert.True(status == 401 && fault == 900901, $"{because}: expected 401 / 900901, got {status} / {fault}");
        Assert.True(Backend.Requests.Count == before, $"{because}: the backend saw the request");
    }

    public async Task AssertAcceptedAsync(string token, string because)
    {
        var before = Backend.Requests.Count;
        var (status, fault) = await SendAsync(token);
        Assert.True(status == 200, $"{because}: expected 200, got {status} / {fault}");
        Assert.Equal(before + 1, Backend.Requests.Count);
    }

    /// <summary>An issuer A claim set at the gateway's clock (see <see cref="JwtKit.Claims"/>).</summary>
    public string Claims(string? extra = null, long? exp = null) => Kit.Claims(extra, exp);

    public async ValueTask DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Backend.DisposeAsync();
        Kit.Dispose();
    }
}
