using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 50: <c>crit</c> <c>["x"]</c>, <c>[]</c>, <c>["exp"]</c>, a name absent from the header,
/// <c>b64: false</c> → 401 (RFC 7515 §4.1.11: Edge implements no extension), and the shared vector
/// <c>rfc7515-A.1~unknown-crit</c>.
/// </summary>
public sealed class Case50_Crit
{
    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"crit\":[\"x\"],\"x\":1}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"crit\":[]}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"crit\":[\"exp\"],\"exp\":1}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"crit\":[\"absent\"]}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"crit\":[\"b64\"],\"b64\":false}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"b64\":false}")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"crit\":\"x\"}")]
    public async Task Crit_Is401(string header)
    {
        await using var gateway = await JwtCaseGateway.StartAsync();

        await gateway.AssertRefusedAsync(JwtKit.Sign(header, gateway.Claims(), "RS256"), header);
        await gateway.AssertAcceptedAsync(JwtKit.Sign("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"b64\":true}", gateway.Claims(), "RS256"), "control: b64 true");
    }

    [Fact]
    public async Task SharedVector_UnknownCrit_Is401()
    {
        var (a1, jwk) = JwtVectors.Get("rfc7515-A.1");
        var (crit, _) = JwtVectors.Get("rfc7515-A.1~unknown-crit");
        var jwks = Path.Combine(Path.GetTempPath(), $"edge-joe-{Guid.NewGuid():N}.json");
        File.WriteAllText(jwks, jwk);
        try
        {
            await using var gateway = await JwtCaseGateway.StartAsync(extraIssuers: JwtVectors.JoeIssuer(jwks), now: JwtVectors.A1ValidAt);

            await gateway.AssertAcceptedAsync(a1, "RFC 7515 A.1 before its exp");
            await gateway.AssertRefusedAsync(crit, "rfc7515-A.1~unknown-crit");
        }
        finally
        {
            File.Delete(jwks);
        }
    }
}
