using System.Net;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Tls;

/// <summary>
/// Mutual TLS per listener: <c>client_auth = "require"</c> refuses the handshake without a certificate
/// the client CA bundle verifies; <c>"optional"</c> serves clients without one, refuses an invalid one,
/// and hands a verified one's identity (subject, SANs, SHA-256) to the exchange — visible here in the
/// access log, where policies will read it from the exchange.
/// </summary>
public sealed class MutualTlsTests
{
    private static TlsCertificates Certs => TlsCertificates.Shared;

    private static string ClientAuth(string mode) => $", client_auth = \"{mode}\", client_ca = \"{Certs.CaFile}\"";

    private static Task<EdgeTestServer> StartAsync(string mode, string accessLog = "off") =>
        EdgeTestServer.StartAsync(TlsCertificates.ListenerConfig(Certs.SniTls(ClientAuth(mode)), accessLog));

    private static async Task<Curl.Result> CurlAsync(EdgeTestServer edge, params string[] extra) =>
        await Curl.RunAsync([.. extra, "-sS", "--cacert", Certs.CaFile, "--resolve", $"a.test:{edge.Port}:127.0.0.1", $"https://a.test:{edge.Port}/mock/ping"]);

    [Fact]
    public async Task Require_NoCertificate_HandshakeFails()
    {
        await using var edge = await StartAsync("require");
        using var client = TlsClient.CreateHttpClient(edge.Port, Certs.Ca);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://a.test:{edge.Port}/mock/ping"));
        var curl = await CurlAsync(edge);

        Assert.NotEqual(0, curl.ExitCode);
        Assert.Empty(curl.StdOut);
        await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.Failed >= 2);
        Assert.Contains("no client certificate (client_auth = \"require\")", edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Require_ValidCertificate_IsServed()
    {
        await using var edge = await StartAsync("require");
        using var client = TlsClient.CreateHttpClient(edge.Port, Certs.Ca, Certs.ClientCertificate);

        using var response = await client.GetAsync($"https://a.test:{edge.Port}/mock/ping");
        var curl = await CurlAsync(edge, "--cert", Certs.Client.Cert, "--key", Certs.Client.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(curl.ExitCode == 0, curl.StdErr);
        Assert.Equal("pong", curl.Text);
    }

    [Fact]
    public async Task Require_UntrustedCertificate_HandshakeFails()
    {
        await using var edge = await StartAsync("require");

        var curl = await CurlAsync(edge, "--cert", Certs.Stranger.Cert, "--key", Certs.Stranger.Key);
        var dotnet = await Record.ExceptionAsync(() => TlsClient.HandshakeAsync(edge.Port, "a.test", Certs.StrangerCertificate));

        Assert.NotEqual(0, curl.ExitCode);
        Assert.Empty(curl.StdOut);
        Assert.NotNull(dotnet);
        await Eventually.TrueAsync(() => edge.Log.Contains("client certificate refused: the chain does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Require_CertificateRequest_NamesTheClientCa()
    {
        await using var edge = await StartAsync("require");

        var result = await OpenSsl.SClientAsync(edge.Port, "", "-servername", "a.test");

        // Clients with several certificates pick one by these names.
        Assert.Contains("Acceptable client certificate CA names", result.All, StringComparison.Ordinal);
        Assert.Contains("CN = Edge Test CA", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optional_NoCertificate_IsServedAnonymously()
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-mtls-{Guid.NewGuid():N}.log");
        try
        {
            await using (var edge = await StartAsync("optional", log))
            {
                var curl = await CurlAsync(edge);

                Assert.True(curl.ExitCode == 0, curl.StdErr);
                Assert.Equal("pong", curl.Text);
            }
            var line = Assert.Single(await ReadLogAsync(log, 1));
            Assert.False(line.TryGetProperty("client_cert_sha256", out _));
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task Optional_ValidCertificate_IdentityReachesTheExchange()
    {
        var log = Path.Combine(Path.GetTempPath(), $"edge-mtls-{Guid.NewGuid():N}.log");
        try
        {
            await using (var edge = await StartAsync("optional", log))
            {
                using var client = TlsClient.CreateHttpClient(edge.Port, Certs.Ca, Certs.ClientCertificate);
                using var response = await client.GetAsync($"https://a.test:{edge.Port}/mock/ping");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            var line = Assert.Single(await ReadLogAsync(log, 1));
            Assert.Equal("CN=client-1, O=Edge Tests", line.GetProperty("client_cert_subject").GetString());
            Assert.Equal(Certs.ClientCertificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(),
                line.GetProperty("client_cert_sha256").GetString());
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task Optional_UntrustedCertificate_IsRefusedNotServedAnonymously()
    {
        await using var edge = await StartAsync("optional");

        var curl = await CurlAsync(edge, "--cert", Certs.Stranger.Cert, "--key", Certs.Stranger.Key);

        Assert.NotEqual(0, curl.ExitCode);
        Assert.Empty(curl.StdOut);
        await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.Failed == 1);
    }

    [Fact]
    public async Task None_CertificateIsNotRequested()
    {
        await using var edge = await EdgeTestServer.StartAsync(TlsCertificates.ListenerConfig(Certs.SniTls()));

        var result = await OpenSsl.SClientAsync(edge.Port, "", "-servername", "a.test");

        Assert.Contains("No client certificate CA names sent", result.All, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ReadLogAsync(string path, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        string[] lines = [];
        while (DateTime.UtcNow < until)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length >= expected) break;
            }
            await Task.Delay(100);
        }
        return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
