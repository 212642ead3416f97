using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// Keys, key files and tokens for the policy and SECURITY.md 45–56 tests, made with the BCL only (no JOSE
/// library): issuer A (<see cref="Issuer"/>) has an RSA key "rsa", a P-256 key "ec256" and an HMAC
/// secret "hmac" in its JWKS; issuer B (<see cref="IssuerB"/>) one RSA key "rsa-b". Files live in a temp
/// directory removed with the kit. Tokens are minted at <see cref="Now"/> (a <see cref="TestClock"/> or the
/// real clock).
/// </summary>
internal sealed class JwtKit : IDisposable
{
    public const string Issuer = "https://km.test";
    public const string IssuerB = "https://other.test";

    // Key generation is slow: one of each for the whole run.
    public static readonly RSA Rsa = RSA.Create(2048);
    public static readonly RSA RsaB = RSA.Create(2048);
    public static readonly RSA Attacker = RSA.Create(2048);
    public static readonly ECDsa P256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);

    public JwtKit(long? now = null)
    {
        Now = now ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Directory = Path.Combine(Path.GetTempPath(), $"edge-jwt-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        JwksA = Write("issuer-a.jwks.json", $"{{\"keys\":[{RsaJwk(Rsa, "rsa")},{EcJwk(P256, "ec256")},{OctJwk(Secret, "hmac")}]}}");
        JwksB = Write("issuer-b.jwks.json", $"{{\"keys\":[{RsaJwk(RsaB, "rsa-b")}]}}");
    }

    public long Now { get; set; }

    public string Directory { get; }

    public string JwksA { get; }

    public string JwksB { get; }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The <c>[auth.jwt]</c> table for both issuers (audience "edge"), plus <paramref name="extra"/> keys.</summary>
    public string AuthJwt(string extra = "", string issuerAExtra = "") => $$"""
        [auth.jwt]
        {{extra}}
        issuers = [
          { issuer = "{{Issuer}}", jwks = "{{JwksA}}", audiences = ["edge"]{{issuerAExtra}} },
          { issuer = "{{IssuerB}}", jwks = "{{JwksB}}", audiences = ["edge"] },
        ]
        """;

    public static string B64(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    public static string RsaJwk(RSA rsa, string kid, string? alg = null)
    {
        var p = rsa.ExportParameters(false);
        return $"{{\"kty\":\"RSA\",\"kid\":\"{kid}\",{(alg is null ? "" : $"\"alg\":\"{alg}\",")}\"n\":\"{B64(p.Modulus)}\",\"e\":\"{B64(p.Exponent)}\"}}";
    }

    public static string EcJwk(ECDsa ecdsa, string kid)
    {
        var p = ecdsa.ExportParameters(false);
        return $"{{\"kty\":\"EC\",\"kid\":\"{kid}\",\"crv\":\"P-256\",\"x\":\"{B64(p.Q.X)}\",\"y\":\"{B64(p.Q.Y)}\"}}";
    }

    public static string OctJwk(byte[] secret, string kid) => $"{{\"kty\":\"oct\",\"kid\":\"{kid}\",\"k\":\"{B64(secret)}\"}}";

    /// <summary>Issuer A, sub alice, aud edge, exp in an hour, iat 10 s ago, a fresh jti, scope read:order; <paramref name="extra"/> appended.</summary>
    public string Claims(string? extra = null, long? exp = null, string issuer = Issuer, string? jti = null, string aud = "\"edge\"") =>
        $"{{\"iss\":\"{issuer}\",\"sub\":\"alice\",\"aud\":{aud},\"exp\":{exp ?? Now + 3600},\"iat\":{Now - 10},\"jti\":\"{jti ?? Guid.NewGuid().ToString()}\",\"scope\":\"read:order write:order\"{(extra is null ? "" : "," + extra)}}}";

    public static string Header(string alg, string? kid, string? extra = null) =>
        $"{{\"alg\":\"{alg}\"{(kid is null ? "" : $",\"kid\":\"{kid}\"")}{(extra is null ? "" : "," + extra)}}}";

    /// <summary>A compact JWS over the exact header and payload text, signed as <paramref name="alg"/> with <paramref name="key"/> (default: issuer A's key for the algorithm).</summary>
    public static string Sign(string headerJson, string payloadJson, string alg, object? key = null)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        return input + "." + B64(SignRaw(Encoding.ASCII.GetBytes(input), alg, key));
    }

    /// <summary>Issuer A's token for <paramref name="alg"/>, with the matching kid.</summary>
    public string Token(string alg = "RS256", string? claims = null) => Sign(Header(alg, KidFor(alg)), claims ?? Claims(), alg);

    public static byte[] SignRaw(byte[] input, string alg, object? key = null) => alg switch
    {
        "HS256" => HMACSHA256.HashData(key as byte[] ?? Secret, input),
        "RS256" => ((RSA?)key ?? Rsa).SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "PS256" => ((RSA?)key ?? Rsa).SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        "ES256" => ((ECDsa?)key ?? P256).SignData(input, HashAlgorithmName.SHA256),
        _ => throw new ArgumentException(alg),
    };

    public static string KidFor(string alg) => alg[..2] switch
    {
        "HS" => "hmac",
        "ES" => "ec256",
        _ => "rsa",
    };

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files; the OS cleans up.
        }
    }
}

/// <summary>A clock tests set by hand (token times, cache expiry), handed to Edge through <see cref="EdgeTestServer.StartWithClockAsync"/>.</summary>
internal sealed class TestClock : TimeProvider
{
    private long _now;

    public TestClock(long unixSeconds) => _now = unixSeconds;

    public long Now
    {
        get => Interlocked.Read(ref _now);
        set => Interlocked.Exchange(ref _now, value);
    }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Now);
}
