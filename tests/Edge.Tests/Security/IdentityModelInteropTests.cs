using System.Security.Cryptography;
using Edge.Security.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Edge.Tests.Security.TestTokens;

namespace Edge.Tests.Security;

/// <summary>
/// Tokens minted by Microsoft.IdentityModel.JsonWebTokens (a test-only oracle, never referenced by src/)
/// verify in Edge for every algorithm Edge supports; the same tokens with a tampered payload, or signed by
/// another key under the same kid, are refused. Edge's keys are the standard test JWKS (made with the BCL);
/// IdentityModel signs with the matching private keys.
/// </summary>
public sealed class IdentityModelInteropTests
{
    private static readonly JwtValidator Validator = TestTokens.Validator();

    // The "wrong key" twins: same kid and algorithm, another key.
    private static readonly RSA OtherRsa = RSA.Create(2048);
    private static readonly ECDsa OtherP256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly ECDsa OtherP384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private static readonly ECDsa OtherP521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
    private static readonly byte[] OtherSecret = RandomNumberGenerator.GetBytes(64);

    public static TheoryData<string> Algorithms() => JwtAttackTests.Algorithms();

    private static SecurityKey KeyFor(string alg, bool other)
    {
        SecurityKey key = alg[..2] switch
        {
            "HS" => new SymmetricSecurityKey(other ? OtherSecret : Secret),
            "RS" or "PS" => new RsaSecurityKey(other ? OtherRsa : Rsa),
            _ => alg switch
            {
                "ES256" => new ECDsaSecurityKey(other ? OtherP256 : P256),
                "ES384" => new ECDsaSecurityKey(other ? OtherP384 : P384),
                _ => new ECDsaSecurityKey(other ? OtherP521 : P521),
            },
        };
        key.KeyId = KidFor(alg);
        return key;
    }

    private static string Mint(string alg, bool otherKey = false)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "edge",
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(Now - 10).UtcDateTime,
            NotBefore = DateTimeOffset.FromUnixTimeSeconds(Now - 10).UtcDateTime,
            Expires = DateTimeOffset.FromUnixTimeSeconds(Now + 3600).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["jti"] = "im-" + alg, ["scope"] = "read:order" },
            SigningCredentials = new SigningCredentials(KeyFor(alg, otherKey), alg),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void IdentityModelToken_Verifies(string alg)
    {
        var token = Mint(alg);
        // The oracle really produced what the test claims: a compact JWS in that algorithm with that kid.
        var parsed = new JsonWebToken(token);
        Assert.Equal(alg, parsed.Alg);
        Assert.Equal(KidFor(alg), parsed.Kid);
        Assert.Equal(JwtValidationResult.Valid, Validate(Validator, token));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void IdentityModelToken_ClaimsAreRead(string alg)
    {
        Assert.Equal(JwtValidationResult.Valid, Validator.Validate(System.Text.Encoding.ASCII.GetBytes(Mint(alg)), Now, out var jwt));
        Assert.Equal("alice"u8.ToArray(), jwt!.Subject.ToArray());
        Assert.Equal(Now + 3600, jwt.ExpiresAt);
        Assert.Equal(JwsAlgorithms.Parse(alg), jwt.Algorithm);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void IdentityModelToken_TamperedPayload_IsBadSignature(string alg)
    {
        var parts = Mint(alg).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1])));
        var tampered = B64(payload.Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal));
        Assert.NotEqual(parts[1], tampered);
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, $"{parts[0]}.{tampered}.{parts[2]}"));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void IdentityModelToken_SignedByAnotherKey_IsBadSignature(string alg) =>
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, Mint(alg, otherKey: true)));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void IdentityModelToken_AfterExpiry_IsExpired(string alg) =>
        Assert.Equal(JwtValidationResult.Expired, Validate(Validator, Mint(alg), now: Now + 3600 + 60));

    private static string Pad(string b64u)
    {
        var s = b64u.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
