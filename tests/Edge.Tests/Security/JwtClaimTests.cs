using System.Text;
using Edge.Security.Jwt;
using static Edge.Tests.Security.TestTokens;

namespace Edge.Tests.Security;

/// <summary>SECURITY.md cases 51–52: time claims at the skew boundaries, iss, aud, typ; and what a verified token exposes.</summary>
public sealed class JwtClaimTests
{
    private static readonly JwtValidator Validator = TestTokens.Validator();

    [Theory]
    [InlineData(-61, "Expired")]
    [InlineData(-60, "Expired")]
    [InlineData(-59, "Valid")]
    [InlineData(0, "Valid")]
    [InlineData(3600, "Valid")]
    public void Exp_WithSixtySecondsOfSkew(long expOffset, string expected) =>
        Assert.Equal(expected, Validate(Validator, Token("ES256", "ec256", Claims(exp: Now + expOffset))).ToString());

    [Theory]
    [InlineData(61, "NotYetValid")]
    [InlineData(60, "Valid")]
    [InlineData(0, "Valid")]
    [InlineData(-100, "Valid")]
    public void Nbf_WithSixtySecondsOfSkew(long nbfOffset, string expected) =>
        Assert.Equal(expected, Validate(Validator, Token("ES256", "ec256", Claims($"\"nbf\":{Now + nbfOffset}"))).ToString());

    [Theory]
    [InlineData(61, "IssuedInFuture")]
    [InlineData(60, "Valid")]
    [InlineData(-86400, "Valid")]
    public void Iat_InTheFuture_BeyondSkew_IsRefused(long iatOffset, string expected)
    {
        var claims = $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":{Now + 3600},\"iat\":{Now + iatOffset}}}";
        Assert.Equal(expected, Validate(Validator, Token("ES256", "ec256", claims)).ToString());
    }

    [Fact]
    public void ZeroSkew_IsExact()
    {
        var validator = TestTokens.Validator(options: new JwtValidatorOptions { ClockSkew = TimeSpan.Zero });
        Assert.Equal(JwtValidationResult.Expired, Validate(validator, Token("HS256", "hmac", Claims(exp: Now))));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("HS256", "hmac", Claims(exp: Now + 1))));
    }

    [Fact]
    public void FractionalExp_IsTruncated() =>
        Assert.Equal(JwtValidationResult.Valid, Validate(Validator, Token("HS256", "hmac", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":{Now + 10}.75}}")));

    [Fact]
    public void SkewAboveFiveMinutes_IsAConfigurationError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestTokens.Validator(options: new JwtValidatorOptions { ClockSkew = TimeSpan.FromMinutes(6) }));

    [Fact]
    public void MissingExp_AllowedWhenNotRequired()
    {
        var validator = TestTokens.Validator(options: new JwtValidatorOptions { RequireExpiration = false });
        var token = Token("HS256", "hmac", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\"}}");
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(Encoding.ASCII.GetBytes(token), Now, out var jwt));
        Assert.Equal(long.MaxValue, jwt!.ExpiresAt);
    }

    [Theory]
    [InlineData("https://km.example.com/", "UnknownIssuer")]
    [InlineData("https://KM.example.com", "UnknownIssuer")]
    [InlineData("https:\\/\\/km.example.com", "Valid")] // JSON escapes are unescaped before comparing
    [InlineData("", "UnknownIssuer")]
    public void Iss_MustMatchExactly(string iss, string expected) =>
        Assert.Equal(expected, Validate(Validator, Token("RS256", "rsa", Claims(issuer: iss))).ToString());

    [Fact]
    public void IssuerA_TokenSignedWithIssuerBKey_IsRefused()
    {
        var a = new JwtIssuer("a", "https://a.example", LoadJwks($"{{\"keys\":[{RsaJwk(Rsa, "k")}]}}"), ["edge"]);
        var b = new JwtIssuer("b", "https://b.example", LoadJwks($"{{\"keys\":[{RsaJwk(Rsa2, "k")}]}}"), ["edge"]);
        var validator = new JwtValidator([a, b], new JwtValidatorOptions(), null, null, TimeProvider.System);
        // Signed with Rsa (issuer a's key) but claiming to come from b.
        Assert.Equal(JwtValidationResult.BadSignature, Validate(validator, Token("RS256", "k", Claims(issuer: "https://b.example"))));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("RS256", "k", Claims(issuer: "https://a.example"))));
    }

    [Theory]
    [InlineData("\"aud\":\"edge\"", "Valid")]
    [InlineData("\"aud\":[\"x\",\"edge\"]", "Valid")]
    [InlineData("\"aud\":[\"ed\\u0067e\"]", "Valid")]
    [InlineData("\"aud\":\"edgex\"", "WrongAudience")]
    [InlineData("\"aud\":\"Edge\"", "WrongAudience")]
    [InlineData("\"aud\":[]", "WrongAudience")]
    [InlineData("\"aud\":[\"x\",\"y\"]", "WrongAudience")]
    [InlineData("", "WrongAudience")]
    public void Aud_MustContainAConfiguredAudience(string aud, string expected)
    {
        var claims = $"{{\"iss\":\"{Issuer}\",\"exp\":{Now + 60}{(aud.Length == 0 ? "" : "," + aud)}}}";
        Assert.Equal(expected, Validate(Validator, Token("ES384", "ec384", claims)).ToString());
    }

    [Fact]
    public void Aud_NotCheckedWithoutConfiguredAudiences()
    {
        var validator = TestTokens.Validator(StandardIssuer(audiences: []));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("ES384", "ec384", $"{{\"iss\":\"{Issuer}\",\"exp\":{Now + 60}}}")));
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"typ\":\"at+jwt\"}", "Valid")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"typ\":\"application/AT+JWT\"}", "Valid")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"typ\":\"JWT\"}", "WrongType")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\"}", "WrongType")]
    public void Typ_CheckedWhenConfigured(string header, string expected)
    {
        var validator = TestTokens.Validator(StandardIssuer(typ: "at+jwt"));
        Assert.Equal(expected, Validate(validator, Sign(header, Claims(), "RS256")).ToString());
    }

    [Fact]
    public void VerifiedToken_ExposesClaims()
    {
        var claims = Claims("\"scp\":[\"admin\",\"a\\u0062c\"],\"tier\":\"Gold\",\"n\":42,\"obj\":{\"x\":1},\"esc\":\"a\\\"b\"");
        Assert.Equal(JwtValidationResult.Valid, Validator.Validate(Encoding.ASCII.GetBytes(Token("PS256", "rsa", claims)), Now, out var jwt));
        Assert.Equal("alice", Encoding.UTF8.GetString(jwt!.Subject));
        Assert.Equal("id-1", Encoding.UTF8.GetString(jwt.TokenId));
        Assert.Equal("read:order write:order admin abc", Encoding.UTF8.GetString(jwt.Scopes));
        Assert.Equal(Now + 3600, jwt.ExpiresAt);
        Assert.Equal(Now - 10, jwt.IssuedAt);
        Assert.Equal(JwsAlgorithm.PS256, jwt.Algorithm);
        Assert.Equal("km", jwt.Issuer.Name);

        Span<byte> text = stackalloc byte[64];
        Assert.True(jwt.TryGetClaimText("tier"u8, text, out var n));
        Assert.Equal("Gold", Encoding.UTF8.GetString(text[..n]));
        Assert.True(jwt.TryGetClaimText("n"u8, text, out n));
        Assert.Equal("42", Encoding.UTF8.GetString(text[..n]));
        Assert.True(jwt.TryGetClaimText("esc"u8, text, out n));
        Assert.Equal("a\"b", Encoding.UTF8.GetString(text[..n]));
        Assert.False(jwt.TryGetClaimText("obj"u8, text, out _));
        Assert.False(jwt.TryGetClaimText("missing"u8, text, out _));
        Assert.False(jwt.TryGetClaimText("tier"u8, text[..2], out _));
        Assert.True(jwt.TryGetClaim("obj"u8, out var raw));
        Assert.Equal("{\"x\":1}", Encoding.UTF8.GetString(raw));
    }
}
