using System.Security.Cryptography;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 54, with the real <c>edge check</c>: an RSA key under 2048 bits, an HS256 secret under
/// 32 bytes, e = 1 or an even modulus → a config error naming the key file's line and column
/// (RFC 7518 §3.2, §3.3), exit 1; the same file with strong keys passes.
/// </summary>
public sealed class Case54_KeyStrength : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"edge-case54-{Guid.NewGuid():N}");

    public Case54_KeyStrength() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<EdgeProcess.Result> CheckAsync(string jwksText)
    {
        File.WriteAllText(Path.Combine(_dir, "keys.json"), jwksText);
        var config = Path.Combine(_dir, "edge.toml");
        File.WriteAllText(config, """
            [server]
            admin = "off"
            [[listeners]]
            bind = "127.0.0.1:18080"
            [auth.jwt]
            issuers = [{ issuer = "https://km.test", jwks = "keys.json" }]
            [[apis]]
            name = "a"
            base_path = "/a"
            security = ["jwt"]
              [[apis.resources]]
              path = "/x"
              respond = { status = 200 }
            """);
        return await EdgeProcess.RunAsync(["check", "-c", config]);
    }

    private static string Rsa(byte[] n, byte[] e, string kid) => $"{{\"kty\":\"RSA\",\"kid\":\"{kid}\",\"n\":\"{JwtKit.B64(n)}\",\"e\":\"{JwtKit.B64(e)}\"}}";

    [Fact]
    public async Task StrongKeys_Pass()
    {
        var result = await CheckAsync($"{{\"keys\":[{JwtKit.RsaJwk(JwtKit.Rsa, "rsa")},{JwtKit.OctJwk(new byte[32], "hmac")}]}}");

        Assert.True(result.ExitCode == 0, result.StdErr);
    }

    public static TheoryData<string, string> WeakKeys()
    {
        using var small = RSA.Create(1024);
        var p = JwtKit.Rsa.ExportParameters(false);
        var even = (byte[])p.Modulus!.Clone();
        even[^1] &= 0xFE;
        return new TheoryData<string, string>
        {
            { Rsa(small.ExportParameters(false).Modulus!, [1, 0, 1], "small"), "key 'small'" },
            { Rsa(p.Modulus!, [1], "e-one"), "key 'e-one'" },
            { Rsa(even, [1, 0, 1], "even"), "key 'even'" },
            { "{\"kty\":\"oct\",\"kid\":\"short\",\"alg\":\"HS256\",\"k\":\"" + JwtKit.B64(new byte[31]) + "\"}", "key 'short'" },
        };
    }

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public async Task WeakKey_IsAConfigError_WithTheKeyFilesPosition(string jwk, string what)
    {
        var result = await CheckAsync("{\"keys\":[\n  " + JwtKit.RsaJwk(JwtKit.Rsa, "good") + ",\n  " + jwk + "\n]}");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"edge\.toml:6:\d+: auth\.jwt\.issuers\[0\]\.jwks: keys\.json:3:3: " + what, result.StdErr);
    }
}
