using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Edge.Security;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;

namespace Edge.Tests.Security;

/// <summary>
/// shared/conformance/jwt/vectors.json (RFC 7515, 7520, 8037 examples plus derived negatives), read at
/// run time from <c>$EDGE_CONFORMANCE_DIR/jwt</c> or the nearest <c>shared/conformance/jwt</c> above
/// the test binaries. "expected" is about the JWS layer (see the README there), tested through
/// <see cref="JwsVerifier"/>; JWT claim checks on the JSON-payload vectors are tested with a fixed clock.
/// </summary>
public sealed class JwtConformanceTests
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory(), "vectors.json"))));

    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var v in Document.Value.RootElement.GetProperty("vectors").EnumerateArray()) data.Add(v.GetProperty("id").GetString()!);
        return data;
    }

    public static TheoryData<int> ThumbprintIndexes()
    {
        var data = new TheoryData<int>();
        if (!Document.Value.RootElement.TryGetProperty("jwk_thumbprints", out var list)) return data;
        for (var i = 0; i < list.GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Vector_JwsLayer_MatchesExpected(string id)
    {
        var v = Vector(id);
        var loaded = LoadKey(v.GetProperty("jwk"), out var loadErrors);
        if (loaded is null)
        {
            // The only key type Edge refuses at load is OKP/Ed25519 (no Ed25519 in the BCL): refusing
            // the key means such a token can never be accepted, which is the safe side of every vector.
            Assert.True(Kty(v.GetProperty("jwk")) == "OKP", $"{id}: key refused: {string.Join("; ", loadErrors)}");
            Assert.Contains(loadErrors, e => e.Message.Contains("Ed25519", StringComparison.Ordinal));
            return;
        }
        using var keys = loaded;
        var token = Token(v);
        var result = JwsVerifier.Verify(Encoding.ASCII.GetBytes(token), keys);
        if (v.GetProperty("expected").GetString() == "valid")
        {
            Assert.True(result == JwtValidationResult.Valid, $"{id}: expected valid, got {result}");
            return;
        }
        Assert.True(result != JwtValidationResult.Valid, $"{id}: an invalid vector was accepted");
        var reason = v.GetProperty("reason").GetString();
        JwtValidationResult[] allowed = reason switch
        {
            "malformed" => [JwtValidationResult.Malformed],
            "alg-none" => [JwtValidationResult.AlgorithmNone],
            "alg-key-mismatch" => [JwtValidationResult.AlgorithmMismatch],
            "unsupported-crit" => [JwtValidationResult.UnsupportedCrit],
            "bad-signature" => [JwtValidationResult.BadSignature],
            _ => [result], // a reason this suite does not know yet: refusal is what matters
        };
        Assert.True(allowed.Contains(result), $"{id}: expected {reason}, got {result}");
    }

    /// <summary>Where the vector gives the private key, a fresh signature made with it by the BCL must
    /// verify through Edge's key (this covers the randomised ES*/PS* signatures with new values).</summary>
    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Vector_FreshSignatureWithPrivateKey_Verifies(string id)
    {
        var v = Vector(id);
        if (v.GetProperty("expected").GetString() != "valid" || v.GetProperty("private_jwk").ValueKind != JsonValueKind.Object) return;
        var alg = v.GetProperty("alg").GetString()!;
        var loaded = LoadKey(v.GetProperty("jwk"), out _);
        if (loaded is null) return; // Ed25519: refused at load, covered above
        using var keys = loaded;
        var signingInput = Encoding.ASCII.GetBytes(v.GetProperty("signing_input").GetString()!);
        var signature = SignWithPrivateJwk(v.GetProperty("private_jwk"), alg, signingInput);
        var token = Encoding.ASCII.GetString(signingInput) + "." + TestTokens.B64(signature);
        Assert.Equal(JwtValidationResult.Valid, JwsVerifier.Verify(Encoding.ASCII.GetBytes(token), keys));
        if (v.GetProperty("deterministic").GetBoolean() && v.GetProperty("signature").GetString() is { } published)
            Assert.Equal(published, TestTokens.B64(signature));
    }

    /// <summary>The JWT layer on the vectors whose payload is a claims set: valid with a clock before
    /// their exp, expired now, and a text payload is never a JWT.</summary>
    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Vector_JwtLayer_ChecksClaims(string id)
    {
        var v = Vector(id);
        if (v.GetProperty("expected").GetString() != "valid") return;
        var loaded = LoadKey(v.GetProperty("jwk"), out _);
        if (loaded is null) return;
        var token = Encoding.ASCII.GetBytes(Token(v));
        var payloadIsJson = v.GetProperty("payload_is_json_object").GetBoolean();
        string? iss = null;
        long? exp = null;
        if (payloadIsJson)
        {
            using var payload = JsonDocument.Parse(v.GetProperty("payload").GetString()!);
            if (payload.RootElement.TryGetProperty("iss", out var i)) iss = i.GetString();
            if (payload.RootElement.TryGetProperty("exp", out var e)) exp = e.GetInt64();
        }
        var issuer = new JwtIssuer("vector", iss ?? "unused", loaded, audiences: []);
        var validator = new JwtValidator([issuer], new JwtValidatorOptions(), null, null, TimeProvider.System);
        if (!payloadIsJson)
        {
            Assert.Equal(JwtValidationResult.Malformed, validator.Validate(token, TestTokens.Now, out _));
            return;
        }
        Assert.NotNull(iss);
        Assert.NotNull(exp);
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, exp!.Value - 100, out var jwt));
        Assert.Equal(exp.Value, jwt!.ExpiresAt);
        Assert.Equal(JwtValidationResult.Expired, validator.Validate(token, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), out _));
    }

    [Theory]
    [MemberData(nameof(ThumbprintIndexes))]
    public void JwkThumbprint_MatchesRfc7638(int index)
    {
        var t = Document.Value.RootElement.GetProperty("jwk_thumbprints")[index];
        var jwk = Encoding.UTF8.GetBytes(t.GetProperty("jwk").GetRawText());
        Assert.Equal(t.GetProperty("canonical_json").GetString(), JwkThumbprint.CanonicalJson(jwk));
        Assert.Equal(t.GetProperty("thumbprint_b64u").GetString(), JwkThumbprint.Compute(jwk));
    }

    private static JsonElement Vector(string id) =>
        Document.Value.RootElement.GetProperty("vectors").EnumerateArray().First(v => v.GetProperty("id").GetString() == id);

    /// <summary>The token as on the wire; RFC 7520 §4.5 (detached content) travels without its payload,
    /// so the attached form is rebuilt from the signing input, which is what a compact JWT carries.</summary>
    private static string Token(JsonElement v) =>
        v.GetProperty("token").GetString() ?? v.GetProperty("signing_input").GetString() + "." + v.GetProperty("signature").GetString();

    private static string? Kty(JsonElement jwk) => jwk.TryGetProperty("kty", out var k) ? k.GetString() : null;

    private static JwtKeySet? LoadKey(JsonElement jwk, out List<LoadError> errors)
    {
        errors = [];
        var keys = JwksReader.Read(Encoding.UTF8.GetBytes($"{{\"keys\":[{jwk.GetRawText()}]}}"), errors);
        return keys is null ? null : new JwtKeySet(keys);
    }

    private static byte[] SignWithPrivateJwk(JsonElement jwk, string alg, byte[] input)
    {
        byte[] D(string name) => Convert.FromBase64String(Pad(jwk.GetProperty(name).GetString()!));
        var hash = alg[2..] switch { "256" => HashAlgorithmName.SHA256, "384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        switch (Kty(jwk))
        {
            case "RSA":
            {
                using var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters
                {
                    Modulus = D("n"), Exponent = D("e"), D = D("d"), P = D("p"), Q = D("q"), DP = D("dp"), DQ = D("dq"), InverseQ = D("qi"),
                });
                return rsa.SignData(input, hash, alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
            }
            case "EC":
            {
                var curve = jwk.GetProperty("crv").GetString() switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    _ => ECCurve.NamedCurves.nistP521,
                };
                using var ec = ECDsa.Create(new ECParameters { Curve = curve, D = D("d"), Q = new ECPoint { X = D("x"), Y = D("y") } });
                return ec.SignData(input, hash);
            }
            default:
                return alg switch
                {
                    "HS256" => HMACSHA256.HashData(D("k"), input),
                    "HS384" => HMACSHA384.HashData(D("k"), input),
                    _ => HMACSHA512.HashData(D("k"), input),
                };
        }
    }

    private static string Pad(string b64u)
    {
        var s = b64u.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }

    private static string Directory()
    {
        var env = Environment.GetEnvironmentVariable("EDGE_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(Path.GetFullPath(env), "jwt");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "jwt");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("JWT vectors not found: set EDGE_CONFORMANCE_DIR or put shared/conformance beside the repository");
    }
}
