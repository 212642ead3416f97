using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 46: HS256 MACed with the RSA public key — as PEM, PEM behind leading whitespace, DER
/// (SubjectPublicKeyInfo and PKCS#1), JWK JSON, the bare modulus — → 401: the key fixes the algorithm,
/// the token only picks within it (jsonwebtoken CVE-2015-9235 and kin).
/// </summary>
public sealed class Case46_HsRsConfusion
{
    public static TheoryData<string> PublicKeyForms() => new()
    {
        "pem",
        "pem-leading-whitespace",
        "spki-der",
        "pkcs1-der",
        "jwk-json",
        "modulus",
    };

    private static byte[] Secret(string form) => form switch
    {
        "pem" => Encoding.ASCII.GetBytes(JwtKit.Rsa.ExportSubjectPublicKeyInfoPem()),
        "pem-leading-whitespace" => Encoding.ASCII.GetBytes("\n  " + JwtKit.Rsa.ExportSubjectPublicKeyInfoPem() + "\n"),
        "spki-der" => JwtKit.Rsa.ExportSubjectPublicKeyInfo(),
        "pkcs1-der" => JwtKit.Rsa.ExportRSAPublicKey(),
        "jwk-json" => Encoding.UTF8.GetBytes(JwtKit.RsaJwk(JwtKit.Rsa, "rsa")),
        _ => JwtKit.Rsa.ExportParameters(false).Modulus!,
    };

    [Theory]
    [MemberData(nameof(PublicKeyForms))]
    public async Task Hs256_MacedWithTheRsaPublicKey_Is401(string form)
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var claims = gateway.Claims();

        foreach (var kid in new[] { "rsa", null, "hmac" })
        {
            var token = JwtKit.Sign(JwtKit.Header("HS256", kid), claims, "HS256", Secret(form));
            await gateway.AssertRefusedAsync(token, $"HS256 with the RSA key as {form}, kid {kid}");
        }
        await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("RS256", "rsa"), claims, "RS256"), "control: RS256 with the same key");
    }
}
