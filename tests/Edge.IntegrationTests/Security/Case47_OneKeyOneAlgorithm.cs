using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 47: an ES256 token whose kid names an RSA key, PS256 against a key declared RS256,
/// EdDSA against P-256 → 401 (RFC 8725 §3.1: one key, one algorithm family, fixed by the key).
/// </summary>
public sealed class Case47_OneKeyOneAlgorithm
{
    private const string IssuerC = "https://rs256-only.test";

    [Fact]
    public async Task AlgorithmNotAllowedByTheKey_Is401()
    {
        var jwks = Path.Combine(Path.GetTempPath(), $"edge-c-{Guid.NewGuid():N}.json");
        File.WriteAllText(jwks, $"{{\"keys\":[{JwtKit.RsaJwk(JwtKit.Rsa, "rs-only", "RS256")}]}}");
        try
        {
            await using var gateway = await JwtCaseGateway.StartAsync(extraIssuers: $"{{ issuer = \"{IssuerC}\", jwks = \"{jwks}\", audiences = [\"edge\"] }},");
            var claims = gateway.Claims();
            var claimsC = gateway.Kit.Claims(issuer: IssuerC);

            await gateway.AssertRefusedAsync(JwtKit.Sign(JwtKit.Header("ES256", "rsa"), claims, "ES256"), "ES256 naming the RSA key");
            await gateway.AssertRefusedAsync(JwtKit.Sign(JwtKit.Header("RS256", "ec256"), claims, "RS256"), "RS256 naming the P-256 key");
            await gateway.AssertRefusedAsync(JwtKit.Sign(JwtKit.Header("PS256", "rs-only"), claimsC, "PS256"), "PS256 against a key declared RS256");
            await gateway.AssertRefusedAsync(JwtKit.Sign(JwtKit.Header("ES256", "hmac"), claims, "ES256"), "ES256 naming the HMAC key");
            var eddsa = JwtKit.B64(JwtKit.Header("EdDSA", "ec256")) + "." + JwtKit.B64(claims) + "." + JwtKit.B64(new byte[64]);
            await gateway.AssertRefusedAsync(eddsa, "EdDSA against P-256");

            await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("RS256", "rs-only"), claimsC, "RS256"), "control: RS256 with the RS256 key");
            await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("PS256", "rsa"), claims, "PS256"), "control: PS256 with a key without alg");
            await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("ES256", "ec256"), claims, "ES256"), "control: ES256 with the P-256 key");
        }
        finally
        {
            File.Delete(jwks);
        }
    }
}
