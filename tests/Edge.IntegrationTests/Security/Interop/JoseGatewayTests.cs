using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security.Interop;

/// <summary>
/// Through the real gateway: per algorithm family, an issuer whose JWKS file is what the <c>jose</c> npm
/// package exported (and, for public-key families, an issuer whose <c>certificate</c> file is jose's SPKI
/// PEM) lets jose's tokens in (200, the backend sees the request) and refuses their negative twins
/// (401 / 900901, the backend sees nothing). One node run for the class (<see cref="JoseMinted"/>).
/// </summary>
public sealed class JoseGatewayTests(JoseMinted jose) : IClassFixture<JoseMinted>
{
    public static TheoryData<string> Families() => ["RS", "PS", "ES", "HS"];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task JoseTokens_OfEachFamily_PassTheGateway_AndTheirTwinsAreRefused(string family)
    {
        var algorithms = JoseMinted.Supported.Where(a => a.StartsWith(family, StringComparison.Ordinal)).ToArray();
        var directory = Path.Combine(Path.GetTempPath(), $"edge-jose-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var jwks = Path.Combine(directory, "jose.jwks.json");
            File.WriteAllText(jwks, jose.Jwks(algorithms));
            var issuers = $"{{ issuer = \"{JoseMinted.Issuer}\", jwks = \"{jwks}\", audiences = [\"edge\"] }},";
            // Public-key families also load jose's PEM, one issuer per key (a PEM key answers any kid).
            var pemFamilies = family == "HS" ? [] : algorithms.Select(JoseMinted.Family).Distinct().ToArray();
            foreach (var pemFamily in pemFamilies)
            {
                var pem = Path.Combine(directory, $"{pemFamily}.pem");
                File.WriteAllText(pem, jose.Pem(pemFamily));
                issuers += $"\n  {{ issuer = \"{JoseMinted.PemIssuer(pemFamily)}\", certificate = \"{pem}\", audiences = [\"edge\"] }},";
            }
            await using var gateway = await JwtCaseGateway.StartAsync(extraIssuers: issuers, now: JoseMinted.Now);

            foreach (var alg in algorithms)
            {
                await gateway.AssertAcceptedAsync(jose.Valid(alg), $"jose {alg} token, JWKS key");
                await gateway.AssertRefusedAsync(JoseMinted.Tampered(jose.Valid(alg)), $"jose {alg} token, tampered payload");
                await gateway.AssertRefusedAsync(jose.WrongKey(alg), $"jose {alg} token, another key under the same kid");
                if (family == "HS") continue;
                await gateway.AssertAcceptedAsync(jose.PemToken(alg), $"jose {alg} token, SPKI PEM key");
                await gateway.AssertRefusedAsync(JoseMinted.Tampered(jose.PemToken(alg)), $"jose {alg} PEM-issuer token, tampered payload");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task JoseJwks_WithAnEdDsaKey_IsAConfigErrorNamingTheKey()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"edge-jose-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "keys.json"), jose.JwksWithEveryKey);
            var config = Path.Combine(directory, "edge.toml");
            File.WriteAllText(config, $$"""
                [server]
                admin = "off"
                [[listeners]]
                bind = "127.0.0.1:18080"
                [auth.jwt]
                issuers = [{ issuer = "{{JoseMinted.Issuer}}", jwks = "keys.json" }]
                [[apis]]
                name = "a"
                base_path = "/a"
                security = ["jwt"]
                  [[apis.resources]]
                  path = "/x"
                  respond = { status = 200 }
                """);
            var result = await EdgeProcess.RunAsync(["check", "-c", config]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("auth.jwt.issuers[0].jwks: keys.json:", result.StdErr, StringComparison.Ordinal);
            Assert.Contains("key 'jose-EdDSA': EdDSA (Ed25519)", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
