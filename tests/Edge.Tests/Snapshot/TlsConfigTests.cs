using System.Text;
using Edge.Snapshot;
using Edge.TestShared;

namespace Edge.Tests.Snapshot;

/// <summary>
/// TLS material is read when the config is loaded (check, start, reload): a bad or missing file is a
/// positioned config error at the key that named it; risky but valid choices are positioned warnings.
/// </summary>
public sealed class TlsConfigTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly string _cert;
    private readonly string _key;
    private readonly string _ca;

    public TlsConfigTests()
    {
        var ca = TestPki.CreateCa("Config CA");
        (_cert, _key) = _pki.Write("a", TestPki.Issue(ca, "a.test", ["a.test"]));
        _ca = _pki.WriteBundle("ca", ca);
    }

    public void Dispose() => _pki.Dispose();

    private static string Listener(string tls, string protocols = "[\"http1\"]") =>
        "[server]\nadmin = \"off\"\naccess_log = \"off\"\n[[listeners]]\nbind = \"127.0.0.1:18443\"\nprotocols = " + protocols + "\ntls = " + tls + "\n";

    private static SnapshotLoadResult Load(string toml, string path = "edge.toml") => SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), path, 1, null);

    [Fact]
    public void Load_ValidListenerTls_BuildsSettings()
    {
        var result = Load(Listener($"{{ cert = \"{_cert}\", key = \"{_key}\", client_auth = \"optional\", client_ca = \"{_ca}\" }}"));

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        var tls = Assert.Single(result.Snapshot!.ListenerTls);
        Assert.NotNull(tls);
        Assert.True(tls.HasDefault);
        Assert.Equal(Edge.Transport.Tls.TlsClientAuth.Optional, tls.ClientAuth.Mode);
        Assert.Equal(["http/1.1"], tls.ApplicationProtocols.Select(p => p.ToString()));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Load_RelativePaths_AreRelativeToTheConfigFile()
    {
        var result = Load(Listener("{ cert = \"a.crt\", key = \"a.key\" }"), Path.Combine(_pki.Directory, "edge.toml"));

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Load_MissingCertificateFile_IsErrorAtTheCertKey()
    {
        var result = Load(Listener($"{{ cert = \"{_pki.Directory}/nope.crt\", key = \"{_key}\" }}"));

        Assert.Null(result.Snapshot);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("edge.toml:7:", error, StringComparison.Ordinal);
        Assert.Contains("listeners[0].tls.cert: cannot read", error, StringComparison.Ordinal);
        Assert.Contains("nope.crt\": no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_IsErrorAtTheKeyKey()
    {
        var (_, otherKey) = _pki.Write("other", TestPki.Issue(null, "other.test", ["other.test"]));

        var result = Load(Listener($"{{ cert = \"{_cert}\", key = \"{otherKey}\" }}"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("listeners[0].tls.key: the private key in", error, StringComparison.Ordinal);
        Assert.Contains("does not match", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotPem_IsRefused()
    {
        var junk = Path.Combine(_pki.Directory, "junk.crt");
        File.WriteAllText(junk, "hello");

        var result = Load(Listener($"{{ cert = \"{junk}\", key = \"{_key}\" }}"));

        Assert.Contains(result.Errors, e => e.Contains("listeners[0].tls.cert: no certificate in", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_EmptyClientCaBundle_IsErrorAtClientCa()
    {
        var empty = Path.Combine(_pki.Directory, "empty.pem");
        File.WriteAllText(empty, "");

        var result = Load(Listener($"{{ cert = \"{_cert}\", key = \"{_key}\", client_auth = \"require\", client_ca = \"{empty}\" }}"));

        Assert.Contains(result.Errors, e => e.Contains("listeners[0].tls.client_ca: no certificate in", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SameSniHostTwice_IsErrorAtTheSecond()
    {
        var toml = Listener($"{{ certificates = [{{ cert = \"{_cert}\", key = \"{_key}\", hosts = [\"a.test\"] }}, {{ cert = \"{_cert}\", key = \"{_key}\", hosts = [\"A.test\"] }}] }}");

        var result = Load(toml);

        var error = Assert.Single(result.Errors);
        Assert.Contains("listeners[0].tls.certificates[1].hosts[0]: host \"a.test\" already has a certificate in listeners[0].tls.certificates[0]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SniHostTheCertificateDoesNotName_IsWarning()
    {
        var result = Load(Listener($"{{ certificates = [{{ cert = \"{_cert}\", key = \"{_key}\", hosts = [\"a.test\", \"b.test\"] }}] }}"));

        Assert.NotNull(result.Snapshot);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("warning: listeners[0].tls.certificates[0].hosts[1]: the certificate does not name \"b.test\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExpiredCertificate_IsWarningNotError()
    {
        var (cert, key) = _pki.Write("old", TestPki.Issue(null, "a.test", ["a.test"], notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1)));

        var result = Load(Listener($"{{ cert = \"{cert}\", key = \"{key}\" }}"));

        Assert.NotNull(result.Snapshot);
        Assert.Contains(result.Warnings, w => w.Contains("listeners[0].tls.cert: the certificate in", StringComparison.Ordinal) && w.Contains("expired on", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_H2OnTlsListener_OffersH2ThenHttp11ByAlpn()
    {
        var result = Load(Listener($"{{ cert = \"{_cert}\", key = \"{_key}\" }}", "[\"h2\", \"http1\"]"));

        Assert.NotNull(result.Snapshot);
        Assert.Equal([System.Net.Security.SslApplicationProtocol.Http2, System.Net.Security.SslApplicationProtocol.Http11],
            result.Snapshot.ListenerTls[0]!.ApplicationProtocols);
    }

    private const string Upstream = "[server]\nadmin = \"off\"\naccess_log = \"off\"\n[[upstreams]]\nname = \"s\"\nendpoints = [\"https://127.0.0.1:9443\"]\n";

    [Fact]
    public void Load_HttpsEndpointWithoutTlsTable_VerifiesAgainstSystemStore()
    {
        var result = Load(Upstream);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        var cluster = result.Snapshot!.Clusters["s"];
        Assert.True(cluster.Options.Tls!.Verify);
        Assert.Equal("127.0.0.1", cluster.Endpoints[0].Tls!.TargetHost);
        Assert.Null(cluster.Endpoints[0].Tls!.CertificateChainPolicy);
    }

    [Fact]
    public void Load_UpstreamVerifyFalse_IsLoudWarning()
    {
        var result = Load(Upstream + "tls = { verify = false }\n");

        Assert.NotNull(result.Snapshot);
        Assert.Contains(result.Warnings, w => w.StartsWith("edge.toml:7:", StringComparison.Ordinal)
            && w.Contains("warning: upstreams[0].tls.verify: verify = false: the upstream's certificate is NOT checked", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UpstreamMissingCa_IsErrorAtCa()
    {
        var result = Load(Upstream + $"tls = {{ ca = \"{_pki.Directory}/none.pem\", sni = \"API.internal\" }}\n");

        Assert.Null(result.Snapshot);
        Assert.Contains(result.Errors, e => e.Contains("upstreams[0].tls.ca: cannot read", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UpstreamSni_IsSentInsteadOfTheHost()
    {
        var result = Load(Upstream + $"tls = {{ ca = \"{_ca}\", sni = \"API.internal\", cert = \"{_cert}\", key = \"{_key}\" }}\n");

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        var options = result.Snapshot!.Clusters["s"].Endpoints[0].Tls!;
        Assert.Equal("api.internal", options.TargetHost);
        Assert.NotNull(options.CertificateChainPolicy);
        Assert.NotNull(options.ClientCertificateContext);
    }

    [Fact]
    public void Load_UpstreamBadSni_IsRefusedByTheBinder()
    {
        var result = Load(Upstream + "tls = { sni = \"not a host\" }\n");

        Assert.Contains(result.Errors, e => e.Contains("upstreams[0].tls.sni: bad host name", StringComparison.Ordinal));
    }
}
