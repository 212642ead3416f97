using Edge.IntegrationTests.Kit;
using Edge.TestShared;

namespace Edge.IntegrationTests.Tls;

/// <summary>
/// Certificates are re-read on every reload: renewed files reach new handshakes on the same listener
/// (no rebind, open connections untouched); a broken file rejects the reload with file:line:col and
/// the old certificate keeps being served.
/// </summary>
public sealed class TlsReloadTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly string _cert;
    private readonly string _key;

    public TlsReloadTests()
    {
        (_cert, _key) = _pki.Write("site", TestPki.Issue(TlsCertificates.Shared.Ca, "a.test", ["a.test"]));
    }

    public void Dispose() => _pki.Dispose();

    private string Config() => TlsCertificates.ListenerConfig($"{{ cert = \"{_cert}\", key = \"{_key}\" }}");

    [Fact]
    public async Task Reload_RenewedCertificateFiles_NewHandshakesGetTheNewCertificate()
    {
        await using var edge = await EdgeTestServer.StartAsync(Config());
        var before = await TlsClient.HandshakeAsync(edge.Port, "a.test");

        var renewed = TestPki.Issue(TlsCertificates.Shared.Ca, "a.test renewed", ["a.test"]);
        _pki.Write("site", renewed);
        var outcome = await edge.Server.ReloadAsync();
        var after = await TlsClient.HandshakeAsync(edge.Port, "a.test");

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        Assert.Equal("CN=a.test, O=Edge Tests", before.ServerCertificate.Subject);
        Assert.Equal("CN=a.test renewed, O=Edge Tests", after.ServerCertificate.Subject);
        Assert.Equal(renewed.Thumbprint, after.ServerCertificate.Thumbprint);
        Assert.Contains("secure: TLS certificates reloaded", edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_UnchangedFiles_LogsNoCertificateChange()
    {
        await using var edge = await EdgeTestServer.StartAsync(Config());

        var outcome = await edge.Server.ReloadAsync();

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        Assert.DoesNotContain("TLS certificates reloaded", edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_BrokenKeyFile_IsRejectedWithPosition_OldCertificateStillServed()
    {
        await using var edge = await EdgeTestServer.StartAsync(Config());
        var served = (await TlsClient.HandshakeAsync(edge.Port, "a.test")).ServerCertificate.Thumbprint;

        File.WriteAllText(_key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        var outcome = await edge.Server.ReloadAsync();

        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(edge.ConfigPath)}:\\d+:\\d+: listeners\\[0\\]\\.tls\\.key: the private key in", error);
        Assert.Equal(served, (await TlsClient.HandshakeAsync(edge.Port, "a.test")).ServerCertificate.Thumbprint);
    }

    [Fact]
    public async Task Reload_MissingCertificateFile_IsRejected()
    {
        await using var edge = await EdgeTestServer.StartAsync(Config());

        File.Delete(_cert);
        var outcome = await edge.Server.ReloadAsync();

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Errors, e => e.Contains("listeners[0].tls.cert: cannot read", StringComparison.Ordinal) && e.Contains("no such file", StringComparison.Ordinal));
        Assert.Equal("CN=a.test, O=Edge Tests", (await TlsClient.HandshakeAsync(edge.Port, "a.test")).ServerCertificate.Subject);
    }
}
