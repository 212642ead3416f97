using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Edge.Security;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;
using static Edge.Tests.Security.TestTokens;

namespace Edge.Tests.Security;

/// <summary>JWKS and PEM loading: what is refused at load, with positions (SECURITY.md case 54), and what is skipped.</summary>
public sealed class JwtKeyLoadingTests
{
    private static readonly RSA Rsa1024 = RSA.Create(1024);

    private static (IReadOnlyList<JwtSigningKey>? Keys, List<LoadError> Errors) Jwks(string json)
    {
        var errors = new List<LoadError>();
        return (JwksReader.Read(Encoding.UTF8.GetBytes(json), errors), errors);
    }

    public static TheoryData<string, string, string> RefusedJwks()
    {
        var p = Rsa.ExportParameters(false);
        var ec = P256.ExportParameters(false);
        return new TheoryData<string, string, string>
        {
            { "RSA 1024", $"{{\"keys\":[{RsaJwk(Rsa1024, "weak")}]}}", "1024 bits" },
            { "e = 1", $"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{B64(p.Modulus)}\",\"e\":\"AQ\"}}]}}", "exponent" },
            { "e even", $"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{B64(p.Modulus)}\",\"e\":\"AQAA\"}}]}}", "exponent" },
            { "even modulus", $"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{B64([.. p.Modulus![..^1], (byte)(p.Modulus[^1] & 0xFE)])}\",\"e\":\"AQAB\"}}]}}", "even" },
            { "no n", "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\"}]}", "missing \"n\"" },
            { "padded n", $"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{B64(p.Modulus)}=\",\"e\":\"AQAB\"}}]}}", "base64url" },
            { "EC off curve", $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{B64(ec.Q.X)}\",\"y\":\"{B64(ec.Q.X)}\"}}]}}", "P-256" },
            { "EC short x", $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{B64(ec.Q.X![1..])}\",\"y\":\"{B64(ec.Q.Y)}\"}}]}}", "exactly 32 bytes" },
            { "EC secp256k1", $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"{B64(ec.Q.X)}\",\"y\":\"{B64(ec.Q.Y)}\"}}]}}", "crv" },
            { "EC alg mismatch", $"{{\"keys\":[{{\"kty\":\"EC\",\"alg\":\"ES384\",\"crv\":\"P-256\",\"x\":\"{B64(ec.Q.X)}\",\"y\":\"{B64(ec.Q.Y)}\"}}]}}", "does not match curve" },
            { "HS secret 31 bytes", $"{{\"keys\":[{OctJwk(new byte[31], "s")}]}}", "31 bytes" },
            { "HS512 secret 32 bytes", $"{{\"keys\":[{OctJwk(new byte[32], "s", "HS512")}]}}", "32 bytes" },
            { "RSA alg HS256", $"{{\"keys\":[{RsaJwk(Rsa, "r", "HS256")}]}}", "cannot be used" },
            { "oct alg RS256", $"{{\"keys\":[{OctJwk(Secret, "s", "RS256")}]}}", "cannot be used" },
            { "alg none", $"{{\"keys\":[{RsaJwk(Rsa, "r", "none")}]}}", "unsupported \"alg\"" },
            { "Ed25519", "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}", "Ed25519" },
            { "unknown kty", "{\"keys\":[{\"kty\":\"DSA\"}]}", "kty" },
            { "no kty", "{\"keys\":[{\"kid\":\"x\"}]}", "kty" },
            { "duplicate kid", $"{{\"keys\":[{RsaJwk(Rsa, "same")},{RsaJwk(Rsa2, "same")}]}}", "duplicate kid" },
            { "duplicate member", $"{{\"keys\":[{{\"kty\":\"RSA\",\"kty\":\"EC\"}}]}}", "duplicate member" },
            { "kid not a string", $"{{\"keys\":[{{\"kty\":\"oct\",\"kid\":1,\"k\":\"{B64(Secret)}\"}}]}}", "kid" },
            { "no keys member", "{\"kids\":[]}", "\"keys\"" },
            { "empty set", "{\"keys\":[]}", "no signing key" },
            { "not JSON", "{\"keys\":[", "invalid JSON" },
            { "array", "[]", "JSON object" },
        };
    }

    [Theory]
    [MemberData(nameof(RefusedJwks))]
    public void Jwks_Refused_WithReason(string name, string json, string reasonFragment)
    {
        _ = name;
        var (keys, errors) = Jwks(json);
        Assert.Null(keys);
        Assert.Contains(errors, e => e.Message.Contains(reasonFragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Jwks_ErrorCarriesLineAndColumn()
    {
        var json = "{\n  \"keys\": [\n    " + RsaJwk(Rsa, "ok") + ",\n    " + RsaJwk(Rsa1024, "weak") + "\n  ]\n}";
        var (keys, errors) = Jwks(json);
        Assert.Null(keys);
        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Equal(5, error.Column);
        Assert.StartsWith("4:5: key 'weak': RSA key has 1024 bits", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Jwks_SkipsEncryptionKeys_AndKeepsSigningKeys()
    {
        var json = $"{{\"keys\":[" +
                   $"{{\"kty\":\"RSA\",\"use\":\"enc\",\"alg\":\"RSA-OAEP\",\"n\":\"AQ\",\"e\":\"AQ\"}}," +
                   $"{{\"kty\":\"oct\",\"key_ops\":[\"encrypt\"],\"k\":\"AA\"}}," +
                   $"{{\"kty\":\"OKP\",\"use\":\"enc\",\"crv\":\"X25519\",\"x\":\"AA\"}}," +
                   RsaJwk(Rsa, "sig") + "]}";
        var (keys, errors) = Jwks(json);
        Assert.Empty(errors);
        var key = Assert.Single(keys!);
        Assert.Equal("sig", key.Kid);
        Assert.Equal(2048, key.KeySizeBits);
    }

    [Fact]
    public void Jwks_AlgorithmsPerKey()
    {
        var json = $"{{\"keys\":[{RsaJwk(Rsa, "r")},{RsaJwk(Rsa2, "r256", "RS256")},{EcJwk(P521, "e", "P-521")},{OctJwk(new byte[48], "h48")},{{\"kty\":\"RSA\",\"n\":\"{B64(Rsa.ExportParameters(false).Modulus)}\",\"e\":\"AQAB\",\"d\":\"ignored\"}}]}}";
        var (keys, errors) = Jwks(json);
        Assert.Empty(errors);
        Assert.Equal("RS256,RS384,RS512,PS256,PS384,PS512", keys![0].Algorithms.ToString());
        Assert.Equal("RS256", keys[1].Algorithms.ToString());
        Assert.Equal("ES512", keys[2].Algorithms.ToString());
        Assert.Equal("HS256,HS384", keys[3].Algorithms.ToString());
        Assert.Null(keys[4].Kid);
    }

    [Fact]
    public void Jwks_SingleJwkObject_IsAccepted()
    {
        var (keys, errors) = Jwks(EcJwk(P256, "one", "P-256"));
        Assert.Empty(errors);
        Assert.Single(keys!);
    }

    [Fact]
    public void Jwks_RsaModulusWithLeadingZero_IsAccepted()
    {
        var p = Rsa.ExportParameters(false);
        var (keys, errors) = Jwks($"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{B64([0, .. p.Modulus!])}\",\"e\":\"AQAB\"}}]}}");
        Assert.Empty(errors);
        Assert.Equal(2048, keys![0].KeySizeBits);
    }

    [Fact]
    public void CurveOrders_MatchTheCryptoLibrary()
    {
        foreach (var curve in new[] { EcCurve.P256, EcCurve.P384, EcCurve.P521 })
        {
            using var ecdsa = ECDsa.Create(curve.Curve);
            Assert.Equal(ecdsa.ExportExplicitParameters(false).Curve.Order, curve.Order);
        }
    }

    private static string Certificate(AsymmetricAlgorithm key, string subject = "CN=km.example.com")
    {
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("key"),
        };
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }

    private static (IReadOnlyList<JwtSigningKey>? Keys, List<LoadError> Errors) Pem(string pem)
    {
        var errors = new List<LoadError>();
        return (PemKeyReader.Read(pem, errors), errors);
    }

    [Fact]
    public void PemCertificate_VerifiesTokensWhateverTheirKid()
    {
        var (keys, errors) = Pem(Certificate(Rsa));
        Assert.Empty(errors);
        var key = Assert.Single(keys!);
        Assert.True(key.FromPem);
        Assert.Equal(43, key.Kid!.Length); // x5t#S256
        var validator = TestTokens.Validator(new JwtIssuer("km", Issuer, new JwtKeySet(keys!), ["edge"]));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("RS256", "MTIzNDU2Nzg5MA_RS256")));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("PS384", null)));
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(validator, Token("HS256", "hmac")));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(validator, TokenSignedBy(Rsa2)));
    }

    private static string TokenSignedBy(RSA rsa)
    {
        var input = B64(Header("RS256", "x")) + "." + B64(Claims());
        return input + "." + B64(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void PemCertificates_EcAndPublicKeyBlocks()
    {
        var (keys, errors) = Pem(Certificate(P256) + "\n" + P384.ExportSubjectPublicKeyInfoPem());
        Assert.Empty(errors);
        Assert.Equal(2, keys!.Count);
        Assert.Equal("ES256", keys[0].Algorithms.ToString());
        Assert.Equal("ES384", keys[1].Algorithms.ToString());
        Assert.Null(keys[1].Kid);
    }

    [Fact]
    public void Pem_WeakOrPrivateOrEmpty_IsRefusedWithLine()
    {
        var (keys, errors) = Pem("# key manager\n" + Certificate(Rsa1024));
        Assert.Null(keys);
        Assert.Equal(2, Assert.Single(errors).Line);
        Assert.Contains("1024 bits", errors[0].Message, StringComparison.Ordinal);

        (keys, errors) = Pem(Rsa.ExportPkcs8PrivateKeyPem());
        Assert.Null(keys);
        Assert.Contains("only public keys", Assert.Single(errors).Message, StringComparison.Ordinal);

        (keys, errors) = Pem("nothing here");
        Assert.Null(keys);
        Assert.Contains("no PEM", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
