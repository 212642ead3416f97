using System.Text;
using Edge.Policies;
using Edge.Tests.Security;

namespace Edge.Tests.Policies;

/// <summary>
/// [auth] compiled into the snapshot: file errors with file:line:col, what a reload keeps (revocations
/// always; validator and token cache when nothing changed), and the problems only the compiler sees.
/// </summary>
public sealed class SecurityCompilerTests : IDisposable
{
    private readonly PolicyKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private const string JwtApi = "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"u\"\nsecurity = [\"jwt\"]\n";

    [Fact]
    public void Reload_SameConfig_KeepsValidatorCacheAndRevocations()
    {
        var first = _kit.Load(PolicyKit.Config(JwtApi));
        var token = TestTokens.Token("RS256", "rsa");
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(first, PolicyKit.Request("GET /a/x", "Authorization: Bearer " + token)));
        first.Security.Revocations.List.RevokeTokenId("other"u8, TestTokens.Now + 60);

        var second = _kit.Load(PolicyKit.Config(JwtApi), first);

        Assert.Same(first.Security.Jwt, second.Security.Jwt);
        Assert.Same(first.Security.JwtCache, second.Security.JwtCache);
        Assert.Same(first.Security.Revocations, second.Security.Revocations);
        Assert.Same(first.Security.ApiKeys, second.Security.ApiKeys);
        Assert.Same(first.Security.Basic, second.Security.Basic);
        Assert.Equal(1, second.Security.JwtCache!.Count());
    }

    [Fact]
    public void Reload_ChangedKeyFile_RebuildsTheValidator_KeepsRevocations()
    {
        var first = _kit.Load(PolicyKit.Config(JwtApi));
        File.WriteAllText(Path.Combine(_kit.Directory, "jwks.json"), $"{{\"keys\":[{TestTokens.RsaJwk(TestTokens.Rsa2, "rsa")}]}}");

        var second = _kit.Load(PolicyKit.Config(JwtApi), first);

        Assert.NotSame(first.Security.Jwt, second.Security.Jwt);
        Assert.Same(first.Security.Revocations, second.Security.Revocations);
        // Tokens signed with the old key no longer verify.
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(second, PolicyKit.Request("GET /a/x", "Authorization: Bearer " + TestTokens.Token("RS256", "rsa"))));
    }

    [Fact]
    public void RevokedFile_IsAddedOnEveryLoad()
    {
        File.WriteAllText(Path.Combine(_kit.Directory, "revoked.txt"), "# revoked\nid-1 1900000000\nsub bob 1800000000\n");
        var snapshot = _kit.Load(PolicyKit.Config(JwtApi).Replace("[auth.jwt]\n", "[auth.jwt]\nrevoked = \"revoked.txt\"\n", StringComparison.Ordinal));

        Assert.True(snapshot.Security.Revocations.List.IsTokenIdRevoked("id-1"u8));
        var exchange = PolicyKit.Request("GET /a/x", "Authorization: Bearer " + TestTokens.Token("RS256", "rsa"));
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, exchange));
        Assert.Equal("jwt_revoked", exchange.PolicyReason);
        Assert.Equal(2, snapshot.Security.Revocations.FileLoaded);
    }

    [Fact]
    public void RevokedFile_BadLine_IsAnErrorWithItsPosition()
    {
        File.WriteAllText(Path.Combine(_kit.Directory, "revoked.txt"), "ok 1900000000\nbad 19x\n");
        var errors = _kit.Errors(PolicyKit.Config(JwtApi).Replace("[auth.jwt]\n", "[auth.jwt]\nrevoked = \"revoked.txt\"\n", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Contains("auth.jwt.revoked: revoked.txt:2:5: bad exp", StringComparison.Ordinal));
    }

    /// <summary>SECURITY.md case 54: a weak key refuses the config, with the key file's line and column.</summary>
    [Fact]
    public void WeakRsaKey_IsAConfigError_WithFileLineColumn()
    {
        using var weak = System.Security.Cryptography.RSA.Create(1024);
        File.WriteAllText(Path.Combine(_kit.Directory, "jwks.json"), $"{{\"keys\":[\n  {TestTokens.RsaJwk(weak, "weak")}]}}");

        var errors = _kit.Errors(PolicyKit.Config(JwtApi));

        var error = Assert.Single(errors, e => e.Contains("auth.jwt.issuers[0].jwks", StringComparison.Ordinal));
        Assert.Matches(@"edge\.toml:\d+:\d+: auth\.jwt\.issuers\[0\]\.jwks: jwks\.json:2:3: key 'weak': .*2048", error);
    }

    [Fact]
    public void ShortHmacSecret_IsAConfigError()
    {
        File.WriteAllText(Path.Combine(_kit.Directory, "jwks.json"), TestTokens.OctJwk(new byte[16], "short", "HS256"));

        Assert.Contains(_kit.Errors(PolicyKit.Config(JwtApi)), e => e.Contains("jwks.json:1:1: key 'short'", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingKeyFile_IsAnErrorAtItsKey()
    {
        File.Delete(Path.Combine(_kit.Directory, "jwks.json"));

        Assert.Contains(_kit.Errors(PolicyKit.Config(JwtApi)), e => e.Contains("auth.jwt.issuers[0].jwks: cannot read key file \"jwks.json\"", StringComparison.Ordinal));
    }

    [Fact]
    public void PemCertificate_IsAnIssuerKey()
    {
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=km", TestTokens.Rsa2, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Path.Combine(_kit.Directory, "km.pem"), cert.ExportCertificatePem());
        var toml = PolicyKit.Config(JwtApi).Replace("jwks = \"jwks.json\"", "certificate = \"km.pem\"", StringComparison.Ordinal);

        var snapshot = _kit.Load(toml);
        var input = TestTokens.B64(TestTokens.Header("RS256", "whatever")) + "." + TestTokens.B64(TestTokens.Claims());
        var token = input + "." + TestTokens.B64(TestTokens.Rsa2.SignData(Encoding.ASCII.GetBytes(input), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", "Authorization: Bearer " + token)));
    }

    [Theory]
    [InlineData("security = [\"jwt\"]\nclaims_to_headers = { \"Host\" = \"sub\" }", "apis[0].claims_to_headers: header \"Host\" cannot be set from a claim")]
    [InlineData("security = [\"jwt\"]\nclaims_to_headers = { \"Authorization\" = \"sub\" }", "cannot be set from a claim")]
    [InlineData("authorization_header = \"Authorization\"", "apis[0].authorization_header")]
    [InlineData("authorization_header = \"Content-Length\"", "apis[0].authorization_header")]
    [InlineData("cors = { origins = [\"*\"], credentials = true }", "apis[0].cors.origins")]
    [InlineData("security = [\"mtls\"]\nmtls = { fingerprints = [\"abc\"] }", "apis[0].mtls.fingerprints[0]: bad fingerprint")]
    [InlineData("scopes = [\"read\"]", "apis[0].scopes: scopes need an authenticated caller")]
    [InlineData("security = [\"api_key\"]\nscopes = [\"read\"]", "apis[0].scopes: scopes are granted only by JWTs, but security is [\"api_key\"]")]
    [InlineData("security = [\"basic\", \"api_key\"]\nscopes = [\"read\"]", "every caller would get 403")]
    [InlineData("security = [\"api_key\"]\napi_key = { header = \"Host\" }", "apis[0].api_key.header")]
    public void CompilerOnlyProblems_AreReportedAtTheirKey(string keys, string expected)
    {
        var api = "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"u\"\n" + keys + "\n";
        var toml = PolicyKit.Config(api);
        if (keys.Contains("mtls", StringComparison.Ordinal))
            toml = toml.Replace("[[upstreams]]", "[[listeners]]\nbind = \"127.0.0.1:18443\"\ntls = { cert = \"missing.pem\", key = \"missing.key\", client_auth = \"optional\", client_ca = \"missing.pem\" }\n[[upstreams]]", StringComparison.Ordinal);

        Assert.Contains(_kit.Errors(toml), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void BadBasicHash_IsAnErrorAtItsKey()
    {
        var toml = PolicyKit.Config("").Replace(PolicyKit.AliceHash, "pbkdf2-sha256$1000$c2FsdA==$AAAA", StringComparison.Ordinal);

        Assert.Contains(_kit.Errors(toml), e => e.Contains("auth.basic_users[0].hash: bad password hash", StringComparison.Ordinal));
    }
}
