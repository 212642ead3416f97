using System.Text;
using System.Security.Cryptography.X509Certificates;
using System.Net;
using Edge.Http;
using Edge.Policies;
using Edge.Tests.Security;

namespace Edge.Tests.Policies;

/// <summary>
/// A route's compiled chain, run on hand-built requests: every scheme, any-of, missing vs invalid,
/// scopes, the transforms (strip, claims, assertion, swap, API key query), reasons and challenges.
/// </summary>
public sealed class RoutePoliciesTests : IDisposable
{
    private readonly PolicyKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private static string Api(string keys, string resources = "  [[apis.resources]]\n  path = \"/*\"\n") =>
        $"[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"u\"\n{keys}\n{resources}";

    private static string Bearer(string? token = null) => "Authorization: Bearer " + (token ?? TestTokens.Token("RS256", "rsa"));

    [Fact]
    public void Jwt_ValidToken_IsAllowed_AndAuthorizationIsStripped()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var exchange = PolicyKit.Request("GET /a/x", Bearer());

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, exchange));
        Assert.Equal("jwt", exchange.PolicyReason);
        Assert.True(PolicyKit.Removed(exchange.UpstreamFields, "Authorization"));
    }

    [Fact]
    public void Jwt_NoCredential_IsMissing_WithBearerChallenge()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var exchange = PolicyKit.Request("GET /a/x");

        Assert.Equal(PolicyVerdict.CredentialsMissing, PolicyKit.Run(snapshot, exchange));
        Assert.Equal("credentials_missing", exchange.PolicyReason);
        Assert.Equal("Bearer realm=\"edge\"", PolicyKit.Added(exchange.ResponseFields, "WWW-Authenticate"));
        Assert.Equal(401, RoutePolicies.FaultFor(PolicyVerdict.CredentialsMissing).Status);
        Assert.Equal(900902, RoutePolicies.FaultFor(PolicyVerdict.CredentialsMissing).Code);
    }

    [Theory]
    [InlineData("Bearer", "authorization_unsupported")] // no token after the scheme: a credential, but not a Bearer one
    [InlineData("Bearer x.y.z", "jwt_malformed")]
    [InlineData("bearer   x.y.z", "jwt_malformed")]
    [InlineData("Digest username=\"a\"", "authorization_unsupported")]
    public void Jwt_BadAuthorization_IsInvalid(string value, string reason)
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var exchange = PolicyKit.Request("GET /a/x", "Authorization: " + value);

        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, exchange));
        Assert.Equal(reason, exchange.PolicyReason);
    }

    [Fact]
    public void Jwt_ExpiredAndRevoked_AreInvalid_WithTheirReasons()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var expired = PolicyKit.Request("GET /a/x", Bearer(TestTokens.Token("RS256", "rsa", TestTokens.Claims(exp: TestTokens.Now - 61))));
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, expired));
        Assert.Equal("jwt_expired", expired.PolicyReason);

        var token = TestTokens.Token("RS256", "rsa");
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", Bearer(token))));
        snapshot.Security.Revocations.List.RevokeTokenId("id-1"u8, TestTokens.Now + 3600);
        var revoked = PolicyKit.Request("GET /a/x", Bearer(token));
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, revoked));
        Assert.Equal("jwt_revoked", revoked.PolicyReason);
    }

    [Fact]
    public void Jwt_IssuerAlgorithms_NarrowWhatTheKeysAllow()
    {
        var toml = PolicyKit.Config(Api("security = [\"jwt\"]")).Replace("audiences = [\"edge\"] }", "audiences = [\"edge\"], algorithms = [\"RS256\", \"ES256\"] }", StringComparison.Ordinal);
        var snapshot = _kit.Load(toml);

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", Bearer(TestTokens.Token("RS256", "rsa")))));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", Bearer(TestTokens.Token("ES256", "ec256")))));
        foreach (var alg in new[] { "PS256", "RS512", "HS256" })
        {
            var token = TestTokens.Token(alg, TestTokens.KidFor(alg));
            var refused = PolicyKit.Request("GET /a/x", Bearer(token));
            Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, refused));
            Assert.Equal("jwt_alg_mismatch", refused.PolicyReason);
            // Cached or not: the second sight is refused too.
            Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", Bearer(token))));
        }
    }

    [Fact]
    public void Jwt_TwoAuthorizationFields_AreRefused()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var exchange = PolicyKit.Request("GET /a/x", Bearer(), "Authorization: Bearer other");

        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, exchange));
        Assert.Equal("authorization_ambiguous", exchange.PolicyReason);
    }

    [Fact]
    public void ApiKey_HeaderOrQuery_AndStripping()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"api_key\"]\napi_key = { header = \"X-Api-Key\", query = \"key\" }")));

        var header = PolicyKit.Request("GET /a/x", "x-api-key: " + PolicyKit.ApiKey);
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, header));
        Assert.Equal("api_key", header.PolicyReason);
        Assert.True(PolicyKit.Removed(header.UpstreamFields, "X-API-KEY"));
        Assert.False(header.UpstreamFields.HasQuery);

        var query = PolicyKit.Request($"GET /a/x?a=1&key={PolicyKit.ApiKey}&b=2");
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, query));
        Assert.True(query.UpstreamFields.HasQuery);
        Assert.Equal("a=1&b=2", System.Text.Encoding.ASCII.GetString(query.UpstreamFields.Query));

        var wrong = PolicyKit.Request("GET /a/x", "X-Api-Key: nope");
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, wrong));
        Assert.Equal("api_key_unknown", wrong.PolicyReason);

        Assert.Equal(PolicyVerdict.CredentialsMissing, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x")));
    }

    [Fact]
    public void ApiKey_PercentEncodedInQuery_IsDecoded()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"api_key\"]\napi_key = { query = \"key\" }")));
        var encoded = string.Concat(PolicyKit.ApiKey.Select(c => c == '-' ? "%2D" : c.ToString()));

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request($"GET /a/x?key={encoded}")));
    }

    [Fact]
    public void Basic_RightAndWrongPassword_UnknownUser_Malformed()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"basic\"]")));

        var ok = PolicyKit.Request("GET /a/x", "Authorization: " + PolicyKit.Basic("alice", PolicyKit.AlicePassword));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, ok));
        Assert.Equal("basic", ok.PolicyReason);

        // Now cached: the synchronous half admits it without PBKDF2.
        var again = PolicyKit.Request("GET /a/x", "Authorization: " + PolicyKit.Basic("alice", PolicyKit.AlicePassword));
        Assert.Equal(PolicyVerdict.Allow, snapshot.Routes[0].Policies!.Evaluate(again, out _));

        var wrong = PolicyKit.Request("GET /a/x", "Authorization: " + PolicyKit.Basic("alice", "Wonderland"));
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, wrong));
        Assert.Equal("basic_refused", wrong.PolicyReason);
        Assert.Equal("Basic realm=\"edge\", charset=\"UTF-8\"", PolicyKit.Added(wrong.ResponseFields, "WWW-Authenticate"));

        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", "Authorization: " + PolicyKit.Basic("bob", "x"))));
        var malformed = PolicyKit.Request("GET /a/x", "Authorization: Basic !!!");
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, malformed));
        Assert.Equal("basic_malformed", malformed.PolicyReason);
    }

    [Fact]
    public void AnyOf_OneValidCredentialSuffices_InvalidOthersDoNotMatter()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\", \"api_key\", \"basic\"]")));

        var keyWithBadToken = PolicyKit.Request("GET /a/x", "Authorization: Bearer garbage", "apikey: " + PolicyKit.ApiKey);
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, keyWithBadToken));
        Assert.Equal("api_key", keyWithBadToken.PolicyReason);
        // Every credential of the API's schemes is stripped, not only the one that let it in.
        Assert.True(PolicyKit.Removed(keyWithBadToken.UpstreamFields, "authorization"));
        Assert.True(PolicyKit.Removed(keyWithBadToken.UpstreamFields, "apikey"));

        var basic = PolicyKit.Request("GET /a/x", "Authorization: " + PolicyKit.Basic("alice", PolicyKit.AlicePassword));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, basic));

        var none = PolicyKit.Request("GET /a/x");
        Assert.Equal(PolicyVerdict.CredentialsMissing, PolicyKit.Run(snapshot, none));
        Assert.Equal("Bearer realm=\"edge\", Basic realm=\"edge\", charset=\"UTF-8\"", PolicyKit.Added(none.ResponseFields, "WWW-Authenticate"));

        var bothBad = PolicyKit.Request("GET /a/x", "Authorization: Bearer garbage", "apikey: wrong");
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, bothBad));
    }

    [Fact]
    public void ResourceSecurity_OverridesTheApi()
    {
        var resources = "  [[apis.resources]]\n  path = \"/open\"\n  security = [\"none\"]\n  [[apis.resources]]\n  path = \"/*\"\n";
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]", resources)));

        Assert.Null(snapshot.Routes[0].Policies?.Auth);
        Assert.Equal(PolicyVerdict.CredentialsMissing, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x"), route: 1));
    }

    [Theory]
    [InlineData("scopes = [\"read:order\"]", true)]
    [InlineData("scopes = [\"read:orders\"]", false)]
    [InlineData("scopes = [\"read:order\", \"admin\"]", true)]
    [InlineData("scopes = [\"read:order\", \"admin\"]\nscopes_mode = \"all\"", false)]
    [InlineData("scopes = [\"read:order\", \"write:order\"]\nscopes_mode = \"all\"", true)]
    public void Scopes_AnyOrAll_403WhenNotGranted(string scopes, bool allowed)
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]\n" + scopes)));
        var exchange = PolicyKit.Request("GET /a/x", Bearer());

        var verdict = PolicyKit.Run(snapshot, exchange);

        Assert.Equal(allowed ? PolicyVerdict.Allow : PolicyVerdict.ScopeNotAllowed, verdict);
        if (!allowed)
        {
            Assert.Equal("scope_missing", exchange.PolicyReason);
            Assert.Equal(403, RoutePolicies.FaultFor(verdict).Status);
            Assert.Equal(900910, RoutePolicies.FaultFor(verdict).Code);
        }
    }

    [Fact]
    public void Scopes_CallerWithoutScopes_ApiKey_Is403()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\", \"api_key\"]\nscopes = [\"read:order\"]")));

        Assert.Equal(PolicyVerdict.ScopeNotAllowed, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", "apikey: " + PolicyKit.ApiKey)));
    }

    [Fact]
    public void Transforms_ClaimsAssertionAndSwap()
    {
        var keys = "security = [\"jwt\"]\nclaims_to_headers = { \"X-User\" = \"sub\", \"X-Expires\" = \"exp\", \"X-None\" = \"nope\", \"X-Aud\" = \"aud\" }\njwt_assertion = true\nauthorization_header = \"X-Authorization\"";
        var snapshot = _kit.Load(PolicyKit.Config(Api(keys)));
        var token = TestTokens.Token("RS256", "rsa");
        var exchange = PolicyKit.Request("GET /a/x", "Authorization: Bearer " + token, "X-Authorization: Bearer end-user", "X-User: mallory", "X-JWT-Assertion: forged");

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, exchange));

        var edits = exchange.UpstreamFields;
        Assert.Equal("alice", PolicyKit.Added(edits, "X-User"));
        Assert.Equal((TestTokens.Now + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), PolicyKit.Added(edits, "X-Expires"));
        Assert.Equal("(absent)", PolicyKit.Added(edits, "X-None"));
        Assert.Equal("edge", PolicyKit.Added(edits, "X-Aud"));
        Assert.Equal(token, PolicyKit.Added(edits, "X-JWT-Assertion"));
        Assert.Equal("Bearer end-user", PolicyKit.Added(edits, "Authorization"));
        foreach (var name in new[] { "X-User", "X-JWT-Assertion", "X-Authorization", "Authorization" }) Assert.True(PolicyKit.Removed(edits, name), name);
    }

    [Fact]
    public void Transforms_ClaimWithControlCharacters_GivesNoField()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]\nclaims_to_headers = { \"X-Name\" = \"name\" }")));
        var token = TestTokens.Token("RS256", "rsa", TestTokens.Claims("\"name\":\"a\\r\\nX-Admin: true\""));
        var exchange = PolicyKit.Request("GET /a/x", Bearer(token));

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, exchange));
        Assert.Equal("(absent)", PolicyKit.Added(exchange.UpstreamFields, "X-Name"));
    }

    [Fact]
    public void KeepAuthorization_LeavesTheCredential()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\", \"api_key\"]\nkeep_authorization = true")));
        var exchange = PolicyKit.Request("GET /a/x", Bearer());

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, exchange));
        Assert.False(PolicyKit.Removed(exchange.UpstreamFields, "Authorization"));
        Assert.False(PolicyKit.Removed(exchange.UpstreamFields, "apikey"));
    }

    [Fact]
    public void Mtls_ListedSubjectOrFingerprint()
    {
        var cert = TestCertificate();
        var fingerprint = string.Join(':', Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(cert.RawData)).Chunk(2).Select(c => new string(c)));
        var identity = ClientCertificateIdentity.From(cert);
        var listener = "[[listeners]]\nbind = \"127.0.0.1:18443\"\ntls = { cert = \"c.pem\", key = \"c.key\", client_auth = \"optional\", client_ca = \"c.pem\" }\n";

        foreach (var (mtls, allowed) in new[]
        {
            ($"mtls = {{ subjects = [\"{identity.Subject.ToLowerInvariant()}\"] }}", true),
            ($"mtls = {{ fingerprints = [\"{fingerprint}\"] }}", true),
            ("mtls = { subjects = [\"CN=someone else\"] }", false),
            ("", true), // no list: any certificate the listener verified
        })
        {
            var snapshot = _kit.Load(WithTlsListener(PolicyKit.Config(Api("security = [\"mtls\"]\n" + mtls)), listener, cert));
            var exchange = PolicyKit.Request("GET /a/x");
            exchange.ClientCertificate = identity;
            Assert.Equal(allowed ? PolicyVerdict.Allow : PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, exchange));
            Assert.Equal(allowed ? "mtls" : "mtls_not_listed", exchange.PolicyReason);
            Assert.Equal(PolicyVerdict.CredentialsMissing, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x")));
        }
    }

    /// <summary>Every scheme gives its caller a subject (access log, claim-based throttle keys): sub, key name, user name, certificate DN.</summary>
    [Fact]
    public void Subject_IsSetForEveryScheme()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\", \"api_key\", \"basic\"]")));

        var jwt = PolicyKit.Request("GET /a/x", Bearer());
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, jwt));
        Assert.Equal("alice", Encoding.UTF8.GetString(jwt.Subject.Span));

        var apiKey = PolicyKit.Request("GET /a/x", "apikey: " + PolicyKit.ApiKey);
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, apiKey));
        Assert.Equal("api_key", apiKey.PolicyReason);
        Assert.Equal("partner", Encoding.UTF8.GetString(apiKey.Subject.Span));

        // Both halves of Basic: the PBKDF2 run, then the cache.
        for (var i = 0; i < 2; i++)
        {
            var basic = PolicyKit.Request("GET /a/x", "Authorization: " + PolicyKit.Basic("alice", PolicyKit.AlicePassword));
            Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, basic));
            Assert.Equal("alice", Encoding.UTF8.GetString(basic.Subject.Span));
        }

        var refused = PolicyKit.Request("GET /a/x", "apikey: wrong");
        Assert.Equal(PolicyVerdict.CredentialsInvalid, PolicyKit.Run(snapshot, refused));
        Assert.True(refused.Subject.IsEmpty);
    }

    [Fact]
    public void Subject_OfAnMtlsCaller_IsTheCertificateSubject()
    {
        var cert = TestCertificate();
        var listener = "[[listeners]]\nbind = \"127.0.0.1:18443\"\ntls = { cert = \"c.pem\", key = \"c.key\", client_auth = \"optional\", client_ca = \"c.pem\" }\n";
        var snapshot = _kit.Load(WithTlsListener(PolicyKit.Config(Api("security = [\"mtls\"]")), listener, cert));
        var exchange = PolicyKit.Request("GET /a/x");
        exchange.ClientCertificate = ClientCertificateIdentity.From(cert);

        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, exchange));
        Assert.Equal("CN=client-1, O=Example", Encoding.UTF8.GetString(exchange.Subject.Span));
    }

    [Fact]
    public void Subject_OfAJwtWithoutSub_IsEmpty_AndAnonymousRoutesHaveNone()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var token = TestTokens.Token("RS256", "rsa", $"{{\"iss\":\"{TestTokens.Issuer}\",\"aud\":\"edge\",\"exp\":{TestTokens.Now + 60}}}");
        var exchange = PolicyKit.Request("GET /a/x", Bearer(token));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, exchange));
        Assert.True(exchange.Subject.IsEmpty);
    }

    private string WithTlsListener(string toml, string listener, System.Security.Cryptography.X509Certificates.X509Certificate2 cert)
    {
        File.WriteAllText(Path.Combine(_kit.Directory, "c.pem"), cert.ExportCertificatePem());
        using var key = cert.GetRSAPrivateKey()!;
        File.WriteAllText(Path.Combine(_kit.Directory, "c.key"), key.ExportPkcs8PrivateKeyPem());
        var at = toml.IndexOf("[[upstreams]]", StringComparison.Ordinal);
        return toml[..at] + listener + toml[at..];
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 TestCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=client-1, O=Example", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void ApiIpRules_AreCheckedFirst()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]\nip_allow = [\"10.0.0.0/8\", \"2001:db8::/32\"]\nip_deny = [\"10.9.0.0/16\"]")));

        var refused = PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.1"), Bearer());
        Assert.Equal(PolicyVerdict.IpDenied, PolicyKit.Run(snapshot, refused));
        Assert.Equal("ip_denied", refused.PolicyReason);
        Assert.Equal(900805, RoutePolicies.FaultFor(PolicyVerdict.IpDenied).Code);
        Assert.Equal(PolicyVerdict.IpDenied, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", IPAddress.Parse("10.9.1.1"), Bearer())));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", IPAddress.Parse("10.1.2.3"), Bearer())));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", IPAddress.Parse("::ffff:10.1.2.3"), Bearer())));
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", IPAddress.Parse("2001:db8::7"), Bearer())));
        // The address is checked before credentials: a refused address learns nothing about its token.
        Assert.Equal(PolicyVerdict.IpDenied, PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.1"))));
    }

    [Fact]
    public void Counters_CountOutcomes()
    {
        var snapshot = _kit.Load(PolicyKit.Config(Api("security = [\"jwt\"]")));
        var before = PolicyCounters.Get(PolicyReason.CredentialsMissing);

        PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x"));

        Assert.True(PolicyCounters.Get(PolicyReason.CredentialsMissing) > before);
    }
}
