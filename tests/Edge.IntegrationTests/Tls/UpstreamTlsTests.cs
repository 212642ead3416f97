using System.Net;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Tls;

/// <summary>
/// https:// upstreams: verified against a configured CA (or the system store), SNI sent, an optional
/// client certificate, <c>verify = false</c> as a loud opt-out; a certificate that does not verify is a
/// 503 with a log line saying why. Health probes use the same TLS settings.
/// </summary>
public sealed class UpstreamTlsTests
{
    private static TlsCertificates Certs => TlsCertificates.Shared;

    private static string Config(string endpoint, string tls, string extra = "") => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"
        drain_timeout = "2s"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"

        [[upstreams]]
        name = "secure"
        endpoints = ["{{endpoint}}"]
        connect_timeout = "5s"
        retries = { count = 0 }
        {{(tls.Length > 0 ? "tls = " + tls : "")}}
        {{extra}}

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "secure"
        """;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(EdgeTestServer edge, string path = "/api/x")
    {
        using var client = edge.CreateClient();
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Ca_VerifiesTheUpstream_AndForwards()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.CaFile}\" }}"));

        var (status, body) = await GetAsync(edge);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("tls").GetBoolean());
        Assert.Equal("/x", body.GetProperty("request").GetProperty("target").GetString());
        // An IP literal endpoint sends no SNI (RFC 6066 §3) and is checked against the certificate's IP address.
        Assert.Equal(JsonValueKind.Null, body.GetProperty("sni").ValueKind);
    }

    [Fact]
    public async Task Sni_IsSentAndVerified()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.CaFile}\", sni = \"backend.test\" }}"));

        var (status, body) = await GetAsync(edge);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("backend.test", body.GetProperty("sni").GetString());
    }

    [Fact]
    public async Task SniTheCertificateDoesNotName_Is503WithReason()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.CaFile}\", sni = \"elsewhere.test\" }}"));

        var (status, _) = await GetFaultAsync(edge);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        await Eventually.TrueAsync(() => edge.Log.Contains("the certificate does not name \"elsewhere.test\"", StringComparison.Ordinal), "the name-mismatch log line");
    }

    [Fact]
    public async Task WrongCa_Is503WithALogLine()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.OtherCaFile}\" }}"));

        var (status, fault) = await GetFaultAsync(edge);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(101503, fault);
        Assert.Empty(backend.Requests);
        await Eventually.TrueAsync(() => edge.Log.Contains($"edge: upstream TLS handshake with {backend.Url} (server name \"127.0.0.1\") failed: upstream certificate refused: the chain does not verify", StringComparison.Ordinal), "the TLS failure log line");
    }

    [Fact]
    public async Task SystemStore_DoesNotTrustTheTestCa()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, ""));

        var (status, _) = await GetFaultAsync(edge);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task VerifyFalse_AcceptsASelfSignedUpstream_AndWarnsAtLoad()
    {
        await using var backend = new TlsTestBackend(Certs.BackendSelfSigned);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, "{ verify = false }"));

        var (status, body) = await GetAsync(edge);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("tls").GetBoolean());
        Assert.Contains("warning: upstreams[0].tls.verify: verify = false", edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCertificate_IsPresentedToTheUpstream()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate, clientCa: Certs.Ca);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url,
            $"{{ ca = \"{Certs.CaFile}\", cert = \"{Certs.EdgeClient.Cert}\", key = \"{Certs.EdgeClient.Key}\" }}"));

        var (status, body) = await GetAsync(edge);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("CN=edge-gateway, O=Edge Tests", body.GetProperty("client").GetString());
    }

    [Fact]
    public async Task NoClientCertificate_UpstreamThatRequiresOne_Is503()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate, clientCa: Certs.Ca);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.CaFile}\" }}"));

        var (status, _) = await GetFaultAsync(edge);

        // TLS 1.3: the upstream refuses after Edge's side of the handshake is done, so the refusal can
        // surface as a reset before the response (502) rather than as a failed connect (503).
        Assert.True(status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway, status.ToString());
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task KeepAlive_ReusesTheTlsConnection()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.CaFile}\" }}"));

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await GetAsync(edge)).Status);

        Assert.Single(backend.Handshakes);
        Assert.Equal(5, backend.Requests.Count);
    }

    [Fact]
    public async Task HealthProbe_RunsOverTls()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, $"{{ ca = \"{Certs.CaFile}\" }}",
            "health = { path = \"/healthz\", interval = \"1s\", timeout = \"500ms\" }"));

        await Eventually.TrueAsync(() => backend.Requests.Any(r => r.Target == "/healthz" && r.Header("User-Agent") == "edge-health"), "a health probe over TLS");
    }

    [Fact]
    public async Task EndToEnd_TlsClientToTlsUpstream()
    {
        await using var backend = new TlsTestBackend(Certs.BackendCertificate);
        var toml = TlsCertificates.ListenerConfig(Certs.SniTls(), extra: $$"""

            [[upstreams]]
            name = "secure"
            endpoints = ["{{backend.Url}}"]
            tls = { ca = "{{Certs.CaFile}}", sni = "backend.test" }

            [[apis]]
            name = "api"
            base_path = "/api"
            upstream = "secure"
            """);
        await using var edge = await EdgeTestServer.StartAsync(toml);
        using var client = TlsClient.CreateHttpClient(edge.Port, Certs.Ca);

        using var response = await client.GetAsync($"https://a.test:{edge.Port}/api/order/7");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backend.test", body.GetProperty("sni").GetString());
        Assert.Equal("https", body.GetProperty("request").GetProperty("headers").GetProperty("x-forwarded-proto").GetString());
    }

    private static async Task<(HttpStatusCode Status, int Fault)> GetFaultAsync(EdgeTestServer edge)
    {
        using var client = edge.CreateClient();
        using var response = await client.GetAsync("/api/x");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, json.GetProperty("fault").GetProperty("code").GetInt32());
    }
}
