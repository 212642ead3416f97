using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 45: <c>alg</c> none, None, NONE, with an empty or the original signature → 401
/// (RFC 8725 §3.1–3.2), and the shared vector <c>rfc7515-A.1~alg-none</c> → 401 while A.1 itself passes.
/// </summary>
public sealed class Case45_AlgNone
{
    [Fact]
    public async Task AlgNone_AnySpelling_AnySignature_Is401()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var valid = gateway.Kit.Token();
        var parts = valid.Split('.');
        await gateway.AssertAcceptedAsync(valid, "control");

        foreach (var alg in new[] { "none", "None", "NONE", "nOnE" })
        {
            foreach (var kid in new[] { null, "rsa" })
            {
                var header = JwtKit.B64(JwtKit.Header(alg, kid));
                await gateway.AssertRefusedAsync($"{header}.{parts[1]}.", $"alg {alg}, kid {kid}, empty signature");
                await gateway.AssertRefusedAsync($"{header}.{parts[1]}.{parts[2]}", $"alg {alg}, kid {kid}, original signature");
            }
        }
    }

    [Fact]
    public async Task SharedVector_AlgNone_Is401()
    {
        var (a1, jwk) = JwtVectors.Get("rfc7515-A.1");
        var (none, _) = JwtVectors.Get("rfc7515-A.1~alg-none");
        var jwks = Path.Combine(Path.GetTempPath(), $"edge-joe-{Guid.NewGuid():N}.json");
        File.WriteAllText(jwks, jwk);
        try
        {
            await using var gateway = await JwtCaseGateway.StartAsync(extraIssuers: JwtVectors.JoeIssuer(jwks), now: JwtVectors.A1ValidAt);

            await gateway.AssertAcceptedAsync(a1, "RFC 7515 A.1 before its exp");
            await gateway.AssertRefusedAsync(none, "rfc7515-A.1~alg-none");
        }
        finally
        {
            File.Delete(jwks);
        }
    }
}
