using System.Security.Cryptography;
using System.Text;
using Edge.Security.Jwt;
using static Edge.Tests.Security.TestTokens;

namespace Edge.Tests.Security;

/// <summary>SECURITY.md cases 45–55: hostile tokens against the standard issuer; every one must be refused.</summary>
public sealed class JwtAttackTests
{
    private static readonly JwtValidator Validator = TestTokens.Validator();

    public static TheoryData<string> Algorithms() =>
        ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void EveryAlgorithm_WithItsKey_IsValid(string alg) =>
        Assert.Equal(JwtValidationResult.Valid, Validate(Validator, Token(alg, KidFor(alg))));

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public void AlgNone_AnyCase_EmptyOrOriginalSignature_IsRefused(string none)
    {
        var signed = Token("RS256", "rsa");
        var payload = signed.Split('.')[1];
        var header = B64($"{{\"alg\":\"{none}\",\"kid\":\"rsa\"}}");
        Assert.Equal(JwtValidationResult.AlgorithmNone, Validate(Validator, $"{header}.{payload}."));
        Assert.Equal(JwtValidationResult.AlgorithmNone, Validate(Validator, $"{header}.{payload}.{signed.Split('.')[2]}"));
    }

    public static TheoryData<string, byte[]> RsaPublicKeyForms()
    {
        var p = Rsa.ExportParameters(false);
        var pem = Rsa.ExportSubjectPublicKeyInfoPem();
        return new TheoryData<string, byte[]>
        {
            { "PEM", Encoding.ASCII.GetBytes(pem) },
            { "PEM with leading whitespace", Encoding.ASCII.GetBytes("\n  " + pem) },
            { "DER SubjectPublicKeyInfo", Rsa.ExportSubjectPublicKeyInfo() },
            { "DER PKCS#1", Rsa.ExportRSAPublicKey() },
            { "JWK JSON", Encoding.ASCII.GetBytes(RsaJwk(Rsa, "rsa")) },
            { "modulus", p.Modulus! },
        };
    }

    /// <summary>Case 46 (CVE-2015-9235 and kin): an HS256 token MACed with the RSA public key in any encoding.</summary>
    [Theory]
    [MemberData(nameof(RsaPublicKeyForms))]
    public void Hs256_MacedWithRsaPublicKey_IsRefused(string form, byte[] publicKeyBytes)
    {
        _ = form;
        var input = B64(Header("HS256", "rsa")) + "." + B64(Claims());
        var mac = HMACSHA256.HashData(publicKeyBytes, Encoding.ASCII.GetBytes(input));
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(Validator, input + "." + B64(mac)));
    }

    /// <summary>Case 47: the kid names a key of another type or algorithm.</summary>
    [Theory]
    [InlineData("ES256", "rsa")]
    [InlineData("RS256", "ec256")]
    [InlineData("ES384", "ec256")]
    [InlineData("ES256", "hmac")]
    [InlineData("HS256", "ec256")]
    [InlineData("RS256", "hmac")]
    [InlineData("EdDSA", "ec256")]
    public void KidNamingKeyOfAnotherType_IsRefused(string alg, string kid)
    {
        var input = B64(Header(alg, kid)) + "." + B64(Claims());
        var signature = alg == "EdDSA" ? new byte[64] : SignRaw(Encoding.ASCII.GetBytes(input), alg);
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(Validator, input + "." + B64(signature)));
    }

    [Fact]
    public void Ps256_AgainstKeyDeclaredRs256_IsRefused()
    {
        var issuer = new JwtIssuer("km", Issuer, LoadJwks($"{{\"keys\":[{RsaJwk(Rsa, "rsa", "RS256")}]}}"), ["edge"]);
        var validator = TestTokens.Validator(issuer);
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("RS256", "rsa")));
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(validator, Token("PS256", "rsa")));
    }

    /// <summary>Case 48: kids are dictionary keys, nothing else.</summary>
    [Theory]
    [InlineData("../../../../dev/null")]
    [InlineData("x' OR '1'='1")]
    [InlineData("\\u0000")]
    [InlineData("rsa\\u0000")]
    [InlineData("RSA")]
    [InlineData("")]
    public void UnknownKid_IsRefused(string kid) =>
        Assert.Equal(JwtValidationResult.UnknownKey, Validate(Validator, Sign($"{{\"alg\":\"RS256\",\"kid\":\"{kid}\"}}", Claims(), "RS256")));

    [Fact]
    public void HugeKid_IsRefused() =>
        Assert.Equal(JwtValidationResult.UnknownKey, Validate(Validator, Token("RS256", new string('k', 5000))));

    [Fact]
    public void NoKid_WithSeveralKeys_IsRefused() =>
        Assert.Equal(JwtValidationResult.UnknownKey, Validate(Validator, Token("RS256", null)));

    [Fact]
    public void NoKid_WithOneKey_UsesIt()
    {
        var validator = TestTokens.Validator(new JwtIssuer("km", Issuer, LoadJwks($"{{\"keys\":[{RsaJwk(Rsa, "rsa")}]}}"), ["edge"]));
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token("RS256", null)));
        Assert.Equal(JwtValidationResult.UnknownKey, Validate(validator, Token("RS256", "other")));
    }

    /// <summary>Case 49: keys offered by the token itself are never used (CVE-2018-0114).</summary>
    [Fact]
    public void EmbeddedJwkJkuX5u_AreIgnored()
    {
        using var attacker = RSA.Create(2048);
        var header = $"{{\"alg\":\"RS256\",\"kid\":\"rsa\",\"jku\":\"http://127.0.0.1:9/\",\"x5u\":\"http://127.0.0.1:9/c\",\"jwk\":{RsaJwk(attacker, "rsa")}}}";
        var input = B64(header) + "." + B64(Claims());
        var forged = input + "." + B64(attacker.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, forged));
        // The same extra header members with the real key's signature are harmless.
        Assert.Equal(JwtValidationResult.Valid, Validate(Validator, Sign(header, Claims(), "RS256")));
    }

    /// <summary>Case 50: crit (any value) and b64:false.</summary>
    [Theory]
    [InlineData("\"crit\":[\"x\"],\"x\":1")]
    [InlineData("\"crit\":[]")]
    [InlineData("\"crit\":[\"exp\"]")]
    [InlineData("\"crit\":[\"absent\"]")]
    [InlineData("\"crit\":[\"b64\"],\"b64\":false")]
    [InlineData("\"b64\":false")]
    public void Crit_IsRefused(string members) =>
        Assert.Equal(JwtValidationResult.UnsupportedCrit, Validate(Validator, Sign($"{{\"alg\":\"RS256\",\"kid\":\"rsa\",{members}}}", Claims(), "RS256")));

    [Fact]
    public void B64True_IsHarmless() =>
        Assert.Equal(JwtValidationResult.Valid, Validate(Validator, Sign("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"b64\":true}", Claims(), "RS256")));

    /// <summary>Case 53: ECDSA signatures outside [1, n−1], or not raw R‖S of the exact size.</summary>
    public static TheoryData<string, string> BadEcdsaSignatures() => new()
    {
        { "ES256", "all zero" },
        { "ES256", "r zero" },
        { "ES256", "s zero" },
        { "ES256", "r = n" },
        { "ES256", "s = n" },
        { "ES256", "s > n" },
        { "ES256", "DER" },
        { "ES256", "63 bytes" },
        { "ES256", "65 bytes" },
        { "ES384", "all zero" },
        { "ES512", "all zero" },
        { "ES512", "s = n" },
        { "ES512", "DER" },
    };

    [Theory]
    [MemberData(nameof(BadEcdsaSignatures))]
    public void EcdsaSignature_OutOfRangeOrWrongForm_IsRefused(string alg, string variant)
    {
        var kid = KidFor(alg);
        var input = B64(Header(alg, kid)) + "." + B64(Claims());
        var good = SignRaw(Encoding.ASCII.GetBytes(input), alg);
        var n = good.Length / 2;
        var curve = alg switch { "ES256" => Edge.Security.Jwt.Keys.EcCurve.P256, "ES384" => Edge.Security.Jwt.Keys.EcCurve.P384, _ => Edge.Security.Jwt.Keys.EcCurve.P521 };
        var sig = (byte[])good.Clone();
        switch (variant)
        {
            case "all zero": sig = new byte[2 * n]; break;
            case "r zero": Array.Clear(sig, 0, n); break;
            case "s zero": Array.Clear(sig, n, n); break;
            case "r = n": curve.Order.CopyTo(sig, 0); break;
            case "s = n": curve.Order.CopyTo(sig, n); break;
            case "s > n": Array.Fill(sig, (byte)0xFF, n, n); break;
            case "DER": sig = ToDer(good); break;
            case "63 bytes": sig = good[..^1]; break;
            case "65 bytes": sig = [.. good, 0]; break;
        }
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, input + "." + B64(sig)));
    }

    /// <summary>High-S is a second valid signature (ECDSA malleability): accepted, which is why revocation keys on jti.</summary>
    [Fact]
    public void EcdsaHighS_IsAnotherValidSignature()
    {
        var input = B64(Header("ES256", "ec256")) + "." + B64(Claims());
        var sig = SignRaw(Encoding.ASCII.GetBytes(input), "ES256");
        var n = new System.Numerics.BigInteger(Edge.Security.Jwt.Keys.EcCurve.P256.Order, isUnsigned: true, isBigEndian: true);
        var s = new System.Numerics.BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var other = new byte[64];
        sig.AsSpan(0, 32).CopyTo(other);
        flipped.CopyTo(other.AsSpan(64 - flipped.Length));
        Assert.Equal(JwtValidationResult.Valid, Validate(Validator, input + "." + B64(other)));
    }

    /// <summary>Case 55: size and shape.</summary>
    [Fact]
    public void OversizedToken_IsRefusedBeforeParsing()
    {
        var big = Token("RS256", "rsa", Claims($"\"pad\":\"{new string('x', 9000)}\""));
        Assert.Equal(JwtValidationResult.TooLarge, Validate(Validator, big));
        // Garbage of the same size is refused the same way: nothing was decoded.
        Assert.Equal(JwtValidationResult.TooLarge, Validate(Validator, new string('!', 8193)));
        Assert.NotEqual(JwtValidationResult.TooLarge, Validate(Validator, new string('!', 8192)));
    }

    public static TheoryData<string> MalformedShapes()
    {
        var t = Token("RS256", "rsa");
        var p = t.Split('.');
        return
        [
            "",
            ".",
            "..",
            p[0],
            p[0] + "." + p[1],
            t + ".",
            t + ".x.y",                              // five segments: JWE, never decrypted
            "." + p[1] + "." + p[2],                 // empty header
            p[0] + ".." + p[2],                      // empty payload (detached content)
            p[0] + "=." + p[1] + "." + p[2],          // padding
            p[0] + "." + p[1] + "." + p[2] + "=",
            p[0] + "." + p[1] + "+/." + p[2],        // the standard alphabet's + and / are not base64url
            p[0] + "." + p[1] + "." + p[2].Replace('-', '+').Replace('_', '/') + "+/",
            p[0] + " ." + p[1] + "." + p[2],         // whitespace
            p[0] + "." + p[1][..10] + "\n" + p[1][10..] + "." + p[2],
            p[0] + "." + p[1] + "." + p[2][..^1] + "%",
            p[0] + "." + p[1] + "x." + p[2],          // one extra character: length % 4 == 1 is never base64
        ];
    }

    /// <summary>Case 55: a token cut anywhere (a proxy truncating a long header) is refused, never half-read.</summary>
    public static TheoryData<int> TruncationPoints()
    {
        var length = Token("RS256", "rsa").Length;
        var dot1 = Token("RS256", "rsa").IndexOf('.');
        return [1, dot1, dot1 + 1, dot1 + 10, length / 2, length - 200, length - 3, length - 2, length - 1];
    }

    [Theory]
    [MemberData(nameof(TruncationPoints))]
    public void TruncatedToken_IsRefused(int keep)
    {
        var result = Validate(Validator, Token("RS256", "rsa")[..keep]);
        Assert.True(result is JwtValidationResult.Malformed or JwtValidationResult.BadSignature, $"kept {keep} characters: {result}");
    }

    /// <summary>Case 56: a revoked jti is refused; an unrevoked jti whose Bloom bits all collide with revoked ones is settled by the exact table.</summary>
    [Fact]
    public void BloomCollidingJti_IsAccepted_WhileTheRevokedOneIsRefused()
    {
        const int N = 2_000;
        var revocations = new Edge.Security.Revocation.RevocationList(N);
        var twin = new Edge.Security.Revocation.JtiSet(N); // same size, same hash: the same filter bits
        for (var i = 0; i < N; i++)
        {
            var id = Encoding.ASCII.GetBytes($"revoked-{i}");
            revocations.RevokeTokenId(id, Now + 3600);
            twin.Add(Edge.Security.Revocation.RevocationList.Fingerprint(id), Now + 3600);
        }
        var colliding = Enumerable.Range(0, 1_000_000).Select(i => $"probe-{i}")
            .First(jti => twin.Filter.MayContain(Edge.Security.Revocation.RevocationList.Fingerprint(Encoding.ASCII.GetBytes(jti))));
        var validator = TestTokens.Validator(revocations: revocations);

        string TokenWithJti(string jti) => Token("ES256", "ec256", $"{{\"iss\":\"{Issuer}\",\"sub\":\"alice\",\"aud\":\"edge\",\"exp\":{Now + 3600},\"jti\":\"{jti}\"}}");
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, TokenWithJti(colliding)));
        Assert.Equal(JwtValidationResult.Revoked, Validate(validator, TokenWithJti("revoked-7")));
        Assert.Equal(JwtValidationResult.Revoked, Validate(validator, TokenWithJti($"revoked-{N - 1}")));
    }

    [Theory]
    [MemberData(nameof(MalformedShapes))]
    public void MalformedShape_IsRefused(string token) =>
        Assert.Equal(JwtValidationResult.Malformed, Validate(Validator, token));

    public static TheoryData<string, string> MalformedHeaders() => new()
    {
        { "duplicate alg", "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"alg\":\"HS256\"}" },
        { "duplicate alg via escape", "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"\\u0061lg\":\"RS256\"}" },
        { "duplicate kid", "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"kid\":\"hmac\"}" },
        { "not an object", "[\"RS256\"]" },
        { "no alg", "{\"kid\":\"rsa\"}" },
        { "alg not a string", "{\"alg\":256,\"kid\":\"rsa\"}" },
        { "kid not a string", "{\"alg\":\"RS256\",\"kid\":7}" },
        { "trailing garbage", "{\"alg\":\"RS256\",\"kid\":\"rsa\"}x" },
        { "two objects", "{\"alg\":\"RS256\",\"kid\":\"rsa\"}{}" },
        { "comment", "{\"alg\":\"RS256\",/*x*/\"kid\":\"rsa\"}" },
        { "trailing comma", "{\"alg\":\"RS256\",\"kid\":\"rsa\",}" },
        { "depth bomb", "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"x\":" + new string('[', 2000) + new string(']', 2000) + "}" },
        { "lone surrogate kid", "{\"alg\":\"RS256\",\"kid\":\"\\ud800\"}" },
        { "b64 not a bool", "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"b64\":\"false\"}" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void MalformedHeader_IsRefused(string name, string header)
    {
        _ = name;
        Assert.Equal(JwtValidationResult.Malformed, Validate(Validator, Sign(header, Claims(), "RS256")));
    }

    [Fact]
    public void NonUtf8Header_IsRefused()
    {
        var header = B64([.. "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        var input = header + "." + B64(Claims());
        var token = input + "." + B64(SignRaw(Encoding.ASCII.GetBytes(input), "RS256"));
        Assert.Equal(JwtValidationResult.Malformed, Validate(Validator, token));
    }

    public static TheoryData<string, string, string> HostilePayloads() => new()
    {
        { "duplicate exp", Claims("\"exp\":99999999999"), nameof(JwtValidationResult.Malformed) },
        { "duplicate sub via escape", Claims("\"s\\u0075b\":\"admin\""), nameof(JwtValidationResult.Malformed) },
        { "depth bomb", Claims("\"x\":" + new string('[', 1000) + new string(']', 1000)), nameof(JwtValidationResult.Malformed) },
        { "array payload", "[1,2,3]", nameof(JwtValidationResult.Malformed) },
        { "text payload", "hello", nameof(JwtValidationResult.Malformed) },
        { "too many members", "{" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"c{i}\":0")) + "}", nameof(JwtValidationResult.Malformed) },
        { "exp string", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":\"{Now + 60}\"}}", nameof(JwtValidationResult.InvalidClaim) },
        { "exp 1e30", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":1e30}}", nameof(JwtValidationResult.InvalidClaim) },
        { "exp 1e400", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":1e400}}", nameof(JwtValidationResult.InvalidClaim) },
        { "exp 400 digits", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":{new string('9', 400)}}}", nameof(JwtValidationResult.InvalidClaim) },
        { "exp negative", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":-1}}", nameof(JwtValidationResult.InvalidClaim) },
        { "exp bool", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":true}}", nameof(JwtValidationResult.InvalidClaim) },
        { "exp null", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\",\"exp\":null}}", nameof(JwtValidationResult.InvalidClaim) },
        { "nbf object", Claims("\"nbf\":{}"), nameof(JwtValidationResult.InvalidClaim) },
        { "iss number", $"{{\"iss\":7,\"aud\":\"edge\",\"exp\":{Now + 60}}}", nameof(JwtValidationResult.InvalidClaim) },
        { "aud number", $"{{\"iss\":\"{Issuer}\",\"aud\":7,\"exp\":{Now + 60}}}", nameof(JwtValidationResult.InvalidClaim) },
        { "aud nested array", $"{{\"iss\":\"{Issuer}\",\"aud\":[[\"edge\"]],\"exp\":{Now + 60}}}", nameof(JwtValidationResult.InvalidClaim) },
        { "scp object", Claims("\"scp\":{\"a\":1}"), nameof(JwtValidationResult.InvalidClaim) },
        { "no exp", $"{{\"iss\":\"{Issuer}\",\"aud\":\"edge\"}}", nameof(JwtValidationResult.MissingClaim) },
        { "no iss", $"{{\"aud\":\"edge\",\"exp\":{Now + 60}}}", nameof(JwtValidationResult.UnknownIssuer) },
    };

    [Theory]
    [MemberData(nameof(HostilePayloads))]
    public void HostilePayload_IsRefused(string name, string payload, string expected)
    {
        _ = name;
        Assert.Equal(expected, Validate(Validator, Sign(Header("RS256", "rsa"), payload, "RS256")).ToString());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TamperedPayload_IsBadSignature(string alg)
    {
        var parts = Token(alg, KidFor(alg)).Split('.');
        var tampered = B64(Claims("\"admin\":true"));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, $"{parts[0]}.{tampered}.{parts[2]}"));
    }

    [Fact]
    public void RsaSignatureOfWrongLength_IsBadSignature()
    {
        var parts = Token("RS256", "rsa").Split('.');
        var sig = Convert.FromBase64String(Pad(parts[2]));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, $"{parts[0]}.{parts[1]}.{B64(sig[1..])}"));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, $"{parts[0]}.{parts[1]}.{B64([0, .. sig])}"));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, $"{parts[0]}.{parts[1]}.{B64(new byte[256])}"));
        Assert.Equal(JwtValidationResult.BadSignature, Validate(Validator, $"{parts[0]}.{parts[1]}.{B64(Enumerable.Repeat((byte)0xFF, 256).ToArray())}"));
    }

    [Fact]
    public void UnknownAlgorithm_IsRefused()
    {
        Assert.Equal(JwtValidationResult.UnsupportedAlgorithm, Validate(Validator, Sign("{\"alg\":\"RS1\",\"kid\":\"rsa\"}", Claims(), "RS256")));
        Assert.Equal(JwtValidationResult.UnsupportedAlgorithm, Validate(Validator, Sign("{\"alg\":\"rs256\",\"kid\":\"rsa\"}", Claims(), "RS256")));
        Assert.Equal(JwtValidationResult.UnsupportedAlgorithm, Validate(Validator, Sign("{\"alg\":\"HS1024\",\"kid\":\"hmac\"}", Claims(), "HS256")));
    }

    private static string Pad(string b64u)
    {
        var s = b64u.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }

    private static byte[] ToDer(byte[] rs)
    {
        static byte[] Int(ReadOnlySpan<byte> v)
        {
            v = v.TrimStart((byte)0);
            var body = v[0] >= 0x80 ? [0, .. v] : v.ToArray();
            return [0x02, (byte)body.Length, .. body];
        }
        var n = rs.Length / 2;
        byte[] seq = [.. Int(rs.AsSpan(0, n)), .. Int(rs.AsSpan(n))];
        return seq.Length < 128 ? [0x30, (byte)seq.Length, .. seq] : [0x30, 0x81, (byte)seq.Length, .. seq];
    }
}
