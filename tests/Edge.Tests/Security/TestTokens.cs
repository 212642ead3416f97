using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Edge.Security;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;

namespace Edge.Tests.Security;

/// <summary>Keys and tokens made with the BCL for the JWT tests (no JOSE library involved).</summary>
internal static class TestTokens
{
    public const string Issuer = "https://km.example.com";
    public const long Now = 1_800_000_000; // 2027-01-15

    // Key generation is slow (RSA especially): one of each, shared by every test.
    public static readonly RSA Rsa = RSA.Create(2048);
    public static readonly RSA Rsa2 = RSA.Create(2048);
    public static readonly ECDsa P256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly ECDsa P384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    public static readonly ECDsa P521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
    public static readonly byte[] Secret = Enumerable.Range(1, 64).Select(i => (byte)(i * 7)).ToArray();

    public static string B64(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    public static string RsaJwk(RSA rsa, string kid, string? alg = null)
    {
        var p = rsa.ExportParameters(false);
        return $"{{\"kty\":\"RSA\",\"kid\":\"{kid}\",{(alg is null ? "" : $"\"alg\":\"{alg}\",")}\"n\":\"{B64(p.Modulus)}\",\"e\":\"{B64(p.Exponent)}\"}}";
    }

    public static string EcJwk(ECDsa ecdsa, string kid, string crv)
    {
        var p = ecdsa.ExportParameters(false);
        return $"{{\"kty\":\"EC\",\"kid\":\"{kid}\",\"crv\":\"{crv}\",\"x\":\"{B64(p.Q.X)}\",\"y\":\"{B64(p.Q.Y)}\"}}";
    }

    public static string OctJwk(byte[] secret, string kid, string? alg = null) =>
        $"{{\"kty\":\"oct\",\"kid\":\"{kid}\",{(alg is null ? "" : $"\"alg\":\"{alg}\",")}\"k\":\"{B64(secret)}\"}}";

    /// <summary>The standard test set: RSA "rsa", P-256 "ec256", P-384 "ec384", P-521 "ec521", oct "hmac".</summary>
    public static string StandardJwks() =>
        $"{{\"keys\":[{RsaJwk(Rsa, "rsa")},{EcJwk(P256, "ec256", "P-256")},{EcJwk(P384, "ec384", "P-384")},{EcJwk(P521, "ec521", "P-521")},{OctJwk(Secret, "hmac")}]}}";

    public static JwtKeySet LoadJwks(string json)
    {
        var errors = new List<LoadError>();
        var keys = JwksReader.Read(Encoding.UTF8.GetBytes(json), errors);
        Assert.True(keys is not null, string.Join("\n", errors));
        return new JwtKeySet(keys!);
    }

    public static JwtIssuer StandardIssuer(string[]? audiences = null, string? typ = null) =>
        new("km", Issuer, LoadJwks(StandardJwks()), audiences ?? ["edge"], typ);

    /// <summary>Claims with iss, sub, aud "edge", exp/iat around <see cref="Now"/>, jti, scope; <paramref name="extra"/> is appended.</summary>
    public static string Claims(string? extra = null, long? exp = null, string issuer = Issuer) =>
        $"{{\"iss\":\"{issuer}\",\"sub\":\"alice\",\"aud\":\"edge\",\"exp\":{exp ?? Now + 3600},\"iat\":{Now - 10},\"jti\":\"id-1\",\"scope\":\"read:order write:order\"{(extra is null ? "" : "," + extra)}}}";

    public static string Header(string alg, string? kid) => kid is null ? $"{{\"alg\":\"{alg}\"}}" : $"{{\"alg\":\"{alg}\",\"kid\":\"{kid}\"}}";

    /// <summary>A compact JWS over the exact header and payload text, signed as <paramref name="alg"/> with the matching test key.</summary>
    public static string Sign(string headerJson, string payloadJson, string alg)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        return input + "." + B64(SignRaw(Encoding.ASCII.GetBytes(input), alg));
    }

    public static string Token(string alg, string? kid, string? claims = null) => Sign(Header(alg, kid), claims ?? Claims(), alg);

    public static byte[] SignRaw(byte[] input, string alg) => alg switch
    {
        "HS256" => HMACSHA256.HashData(Secret, input),
        "HS384" => HMACSHA384.HashData(Secret, input),
        "HS512" => HMACSHA512.HashData(Secret, input),
        "RS256" => Rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "RS384" => Rsa.SignData(input, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        "RS512" => Rsa.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        "PS256" => Rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        "PS384" => Rsa.SignData(input, HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
        "PS512" => Rsa.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        "ES256" => P256.SignData(input, HashAlgorithmName.SHA256),
        "ES384" => P384.SignData(input, HashAlgorithmName.SHA384),
        "ES512" => P521.SignData(input, HashAlgorithmName.SHA512),
        _ => throw new ArgumentException(alg),
    };

    public static string KidFor(string alg) => alg[..2] switch
    {
        "HS" => "hmac",
        "RS" or "PS" => "rsa",
        _ => alg switch { "ES256" => "ec256", "ES384" => "ec384", _ => "ec521" },
    };

    public static JwtValidator Validator(JwtIssuer? issuer = null, JwtValidatorOptions? options = null, Edge.Security.Revocation.RevocationList? revocations = null, VerifiedJwtCache? cache = null) =>
        new([issuer ?? StandardIssuer()], options ?? new JwtValidatorOptions(), revocations, cache, TimeProvider.System);

    public static JwtValidationResult Validate(JwtValidator validator, string token, long now = Now) =>
        validator.Validate(Encoding.ASCII.GetBytes(token), now, out _);
}
