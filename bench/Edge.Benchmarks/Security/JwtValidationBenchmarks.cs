using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Security;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;
using Edge.Security.Revocation;
using Edge.Security.Scopes;

namespace Edge.Benchmarks.Security;

/// <summary>
/// One JWT check per operation, with a 1,000,000-entry revocation list in front (DESIGN.md §5: JWT
/// cached + throttle under 10 % of a request's CPU). CachedHit is the steady state: a repeated token,
/// no signature work, target 0 B. The full verifications are what a first-seen token costs.
/// </summary>
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private const long Now = 1_800_000_000;
    private JwtValidator _cached = null!;
    private JwtValidator _uncached = null!;
    private byte[] _rs256 = null!;
    private byte[] _es256 = null!;
    private byte[] _hs256 = null!;
    private readonly ScopeRequirement _scopes = new(["read:order"], ScopeMatchMode.Any);

    [GlobalSetup]
    public void Setup()
    {
        var rsa = RSA.Create(2048);
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = RandomNumberGenerator.GetBytes(32);
        var p = rsa.ExportParameters(false);
        var q = ec.ExportParameters(false);
        var jwks = $"{{\"keys\":[{{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\"}}," +
                   $"{{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-256\",\"x\":\"{B64(q.Q.X!)}\",\"y\":\"{B64(q.Q.Y!)}\"}}," +
                   $"{{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"{B64(secret)}\"}}]}}";
        var errors = new List<LoadError>();
        var keys = new JwtKeySet(JwksReader.Read(Encoding.UTF8.GetBytes(jwks), errors) ?? throw new InvalidOperationException(string.Join("; ", errors)));
        var issuer = new JwtIssuer("km", "https://km.example.com", keys, ["edge"]);
        var revocations = new RevocationList(1_000_000);
        Span<byte> id = stackalloc byte[16];
        for (var i = 0; i < 1_000_000; i++)
        {
            "r-"u8.CopyTo(id);
            Utf8Formatter.TryFormat(i, id[2..], out var n);
            revocations.RevokeTokenId(id[..(2 + n)], Now + 3600);
        }
        _cached = new JwtValidator([issuer], new JwtValidatorOptions(), revocations, new VerifiedJwtCache(10_000), TimeProvider.System);
        _uncached = new JwtValidator([issuer], new JwtValidatorOptions(), revocations, null, TimeProvider.System);

        // A typical access token: ~900 bytes as RS256.
        var claims = $"{{\"iss\":\"https://km.example.com\",\"sub\":\"alice@example.com\",\"aud\":[\"edge\",\"billing\"],\"exp\":{Now + 3600},\"iat\":{Now - 60}," +
                     "\"jti\":\"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11\",\"scope\":\"openid read:order write:order\",\"tier\":\"Gold\",\"azp\":\"coffee-app\"}";
        _rs256 = Token("RS256", "r", claims, input => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        _es256 = Token("ES256", "e", claims, input => ec.SignData(input, HashAlgorithmName.SHA256));
        _hs256 = Token("HS256", "h", claims, input => HMACSHA256.HashData(secret, input));
        foreach (var t in new[] { _rs256, _es256, _hs256 })
        {
            if (_cached.Validate(t, Now, out _) != JwtValidationResult.Valid) throw new InvalidOperationException("setup token invalid");
        }
    }

    [Benchmark(Baseline = true)]
    public int CachedHit() => (int)_cached.Validate(_rs256, Now, out _);

    /// <summary>The cached check plus the resource's scope check: what a protected request pays.</summary>
    [Benchmark]
    public bool CachedHitWithScopes() =>
        _cached.Validate(_rs256, Now, out var jwt) == JwtValidationResult.Valid && _scopes.IsSatisfiedBy(jwt!.Scopes);

    [Benchmark]
    public int Rs256Full() => (int)_uncached.Validate(_rs256, Now, out _);

    [Benchmark]
    public int Es256Full() => (int)_uncached.Validate(_es256, Now, out _);

    [Benchmark]
    public int Hs256Full() => (int)_uncached.Validate(_hs256, Now, out _);

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static byte[] Token(string alg, string kid, string claims, Func<byte[], byte[]> sign)
    {
        var input = B64(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"typ\":\"JWT\",\"kid\":\"{kid}\"}}")) + "." + B64(Encoding.UTF8.GetBytes(claims));
        return Encoding.ASCII.GetBytes(input + "." + B64(sign(Encoding.ASCII.GetBytes(input))));
    }
}
