using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 48: kid <c>../../../../dev/null</c>, <c>x' OR '1'='1</c>, <c>\u0000</c>, a 10 KB kid,
/// no kid while the issuer has several keys, an unknown kid → 401. The kid is only a dictionary key: no
/// path, query or fetch (RFC 8725 §3.10). The token cap is raised to 16 KiB here so the 10 KB kid reaches
/// the key lookup instead of stopping at the size check.
/// </summary>
public sealed class Case48_Kid
{
    [Fact]
    public async Task HostileOrMissingKids_Are401()
    {
        await using var gateway = await JwtCaseGateway.StartAsync(jwtExtra: "max_token_size = \"16KiB\"");
        var claims = gateway.Claims();
        string Token(string headerJson) => JwtKit.Sign(headerJson, claims, "RS256");

        await gateway.AssertAcceptedAsync(Token(JwtKit.Header("RS256", "rsa")), "control");
        await gateway.AssertRefusedAsync(Token(JwtKit.Header("RS256", "../../../../dev/null")), "path traversal kid");
        await gateway.AssertRefusedAsync(Token(JwtKit.Header("RS256", "x' OR '1'='1")), "SQL kid");
        await gateway.AssertRefusedAsync(Token("{\"alg\":\"RS256\",\"kid\":\"\\u0000\"}"), "NUL kid");
        await gateway.AssertRefusedAsync(Token("{\"alg\":\"RS256\",\"kid\":\"rsa\\u0000\"}"), "kid with a trailing NUL");
        await gateway.AssertRefusedAsync(Token(JwtKit.Header("RS256", new string('k', 10_000))), "10 KB kid");
        await gateway.AssertRefusedAsync(Token(JwtKit.Header("RS256", null)), "no kid, three keys");
        await gateway.AssertRefusedAsync(Token(JwtKit.Header("RS256", "unknown")), "unknown kid");
        await gateway.AssertRefusedAsync(Token(JwtKit.Header("RS256", "RSA")), "kid in another case");
        await gateway.AssertRefusedAsync(Token("{\"alg\":\"RS256\",\"kid\":1}"), "kid not a string");
    }

    [Fact]
    public async Task NoKid_SingleKeyIssuer_IsFound()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var claimsB = gateway.Kit.Claims(issuer: JwtKit.IssuerB);

        // Issuer B has one key: a token without kid may use it (RFC 7515 §4.1.4 makes kid optional).
        await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("RS256", null), claimsB, "RS256", JwtKit.RsaB), "single key, no kid");
        await gateway.AssertRefusedAsync(JwtKit.Sign(JwtKit.Header("RS256", "other"), claimsB, "RS256", JwtKit.RsaB), "single key, another kid");
    }
}
