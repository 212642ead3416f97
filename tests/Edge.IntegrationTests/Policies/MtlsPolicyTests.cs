using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// <c>security = ["mtls"]</c>: the listener verifies the client certificate (client_auth "optional"),
/// the API decides who may call — any verified certificate, or one whose subject or SHA-256 fingerprint
/// is on its <c>mtls</c> lists. curl presents the certificates.
/// </summary>
public sealed class MtlsPolicyTests
{
    private static TlsCertificates Certs => TlsCertificates.Shared;

    private static string Fingerprint => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Certs.ClientCertificate.RawData));

    private static Task<EdgeTestServer> StartAsync(string mtls) => EdgeTestServer.StartAsync(TlsCertificates.ListenerConfig(
        Certs.SniTls($", client_auth = \"optional\", client_ca = \"{Certs.CaFile}\""),
        extra: $$"""
            [[apis]]
            name = "internal"
            base_path = "/internal"
            security = ["mtls"]
            {{mtls}}
              [[apis.resources]]
              path = "/ping"
              respond = { status = 200, body = "pong" }
            """));

    private static Task<Curl.Result> CurlAsync(EdgeTestServer edge, bool withCertificate) => Curl.RunAsync([
        .. withCertificate ? new[] { "--cert", Certs.Client.Cert, "--key", Certs.Client.Key } : [],
        "-s", "-w", "\n%{http_code}", "--cacert", Certs.CaFile, "--resolve", $"a.test:{edge.Port}:127.0.0.1", $"https://a.test:{edge.Port}/internal/ping"]);

    [Theory]
    [InlineData("")]
    [InlineData("mtls = { subjects = [\"CN=client-1, O=Edge Tests\"] }")]
    [InlineData("mtls = { fingerprints = [\"FP\"] }")]
    public async Task ListedOrAnyVerifiedCertificate_IsServed_NoCertificateIs900902(string mtls)
    {
        await using var edge = await StartAsync(mtls.Replace("FP", Fingerprint, StringComparison.Ordinal));

        var ok = await CurlAsync(edge, withCertificate: true);
        var none = await CurlAsync(edge, withCertificate: false);

        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.Equal("pong\n200", ok.Text);
        Assert.EndsWith("\n401", none.Text, StringComparison.Ordinal);
        Assert.Contains("900902", none.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnlistedCertificate_Is401_900901()
    {
        await using var edge = await StartAsync("mtls = { subjects = [\"CN=someone-else\"], fingerprints = [\"" + new string('0', 64) + "\"] }");

        var result = await CurlAsync(edge, withCertificate: true);

        Assert.EndsWith("\n401", result.Text, StringComparison.Ordinal);
        Assert.Contains("900901", result.Text, StringComparison.Ordinal);
    }
}
