using System.Text;
using Edge.Security;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;

namespace Edge.IntegrationTests.Security.Interop;

/// <summary>
/// Edge's JWT validator against keys and tokens made by the <c>jose</c> npm package (one node run for the
/// class, <see cref="JoseMinted"/>): the exported JWKS and SubjectPublicKeyInfo PEMs load, every supported
/// algorithm's token verifies, and its negative twins (tampered payload, another key under the same kid)
/// are refused. EdDSA is minted too, to show exactly how Edge refuses it.
/// </summary>
public sealed class JoseValidatorTests(JoseMinted jose) : IClassFixture<JoseMinted>
{
    public static TheoryData<string> Supported() => [.. JoseMinted.Supported];

    public static TheoryData<string> PublicKeyAlgorithms() => [.. JoseMinted.Supported.Where(a => !a.StartsWith("HS", StringComparison.Ordinal))];

    private static JwtKeySet LoadJwks(string json)
    {
        var errors = new List<LoadError>();
        var keys = JwksReader.Read(Encoding.UTF8.GetBytes(json), errors);
        Assert.True(keys is not null, string.Join("\n", errors));
        return new JwtKeySet(keys!);
    }

    private JwtValidator JwksValidator() =>
        new([new JwtIssuer("jose", JoseMinted.Issuer, LoadJwks(jose.Jwks()), ["edge"])], new JwtValidatorOptions(), null, null, TimeProvider.System);

    private JwtValidator PemValidator(string family)
    {
        var errors = new List<LoadError>();
        var keys = PemKeyReader.Read(jose.Pem(family), errors);
        Assert.True(keys is not null, string.Join("\n", errors));
        var issuer = new JwtIssuer("jose-pem", JoseMinted.PemIssuer(family), new JwtKeySet(keys!), ["edge"]);
        return new JwtValidator([issuer], new JwtValidatorOptions(), null, null, TimeProvider.System);
    }

    private static JwtValidationResult Validate(JwtValidator validator, string token, long now = JoseMinted.Now) =>
        validator.Validate(Encoding.ASCII.GetBytes(token), now, out _);

    [Fact]
    public void JoseJwks_LoadsOneKeyPerAlgorithm_EachPinnedToIt()
    {
        var keys = LoadJwks(jose.Jwks()).Keys;
        Assert.Equal(JoseMinted.Supported.Length, keys.Count);
        foreach (var key in keys)
        {
            var alg = JwsAlgorithms.Parse(key.Kid!["jose-".Length..]);
            Assert.Equal(JwsAlgorithmSet.Of(alg), key.Algorithms);
        }
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public void JoseToken_Verifies(string alg)
    {
        var validator = JwksValidator();
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(Encoding.ASCII.GetBytes(jose.Valid(alg)), JoseMinted.Now, out var jwt));
        Assert.Equal("alice"u8.ToArray(), jwt!.Subject.ToArray());
        Assert.Equal(JwsAlgorithms.Parse(alg), jwt.Algorithm);
        Assert.Equal(JoseMinted.Now + 3600, jwt.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public void JoseToken_TamperedPayload_IsBadSignature(string alg) =>
        Assert.Equal(JwtValidationResult.BadSignature, Validate(JwksValidator(), JoseMinted.Tampered(jose.Valid(alg))));

    [Theory]
    [MemberData(nameof(Supported))]
    public void JoseToken_SignedByAnotherKeyUnderTheSameKid_IsBadSignature(string alg) =>
        Assert.Equal(JwtValidationResult.BadSignature, Validate(JwksValidator(), jose.WrongKey(alg)));

    [Theory]
    [MemberData(nameof(Supported))]
    public void JoseToken_PastExpPlusSkew_IsExpired(string alg) =>
        Assert.Equal(JwtValidationResult.Expired, Validate(JwksValidator(), jose.Valid(alg), JoseMinted.Now + 3600 + 60));

    [Theory]
    [MemberData(nameof(PublicKeyAlgorithms))]
    public void JoseToken_VerifiesWithTheSpkiPem(string alg)
    {
        var validator = PemValidator(JoseMinted.Family(alg));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, jose.PemToken(alg)));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(validator, JoseMinted.Tampered(jose.PemToken(alg))));
    }

    [Fact]
    public void JoseRsaPem_AllowsRsAndPs_ButNotAnotherFamily()
    {
        var validator = PemValidator("RSA");
        foreach (var alg in new[] { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" })
            Assert.Equal(JwtValidationResult.Valid, Validate(validator, jose.PemToken(alg)));
        // An ES256 token of another issuer is not this issuer's: refused before any key is tried.
        Assert.Equal(JwtValidationResult.UnknownIssuer, Validate(validator, jose.PemToken("ES256")));
    }

    /// <summary>EdDSA: the BCL has no Ed25519, so Edge refuses the OKP key at load with a clear error (no silent skip).</summary>
    [Fact]
    public void JoseOkpKey_IsRefusedAtLoad_WithItsPosition()
    {
        var errors = new List<LoadError>();
        Assert.Null(JwksReader.Read(Encoding.UTF8.GetBytes(jose.JwksWithEveryKey), errors));
        var error = Assert.Single(errors);
        Assert.Contains("key 'jose-EdDSA': EdDSA (Ed25519)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1 && error.Column > 1, $"position {error.Line}:{error.Column}");
    }

    [Fact]
    public void JoseEdDsaToken_IsRefused()
    {
        // No key can carry EdDSA, so the kid finds nothing.
        Assert.Equal(JwtValidationResult.UnknownKey, Validate(JwksValidator(), jose.Valid("EdDSA")));
        // Nor does an RSA key accept it under its own kid.
        var parts = jose.Valid("EdDSA").Split('.');
        var header = Kit.JwtKit.B64("{\"alg\":\"EdDSA\",\"kid\":\"jose-RS256\"}");
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(JwksValidator(), $"{header}.{parts[1]}.{parts[2]}"));
    }
}
