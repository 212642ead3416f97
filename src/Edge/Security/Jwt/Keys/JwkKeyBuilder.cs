using System.Text;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// Turns one JWK's members into a verification key (RFC 7517 §4, RFC 7518 §6). The JWK's <c>alg</c>,
/// when present, pins the key to exactly that algorithm (RFC 7517 §4.4); otherwise the key type and
/// curve decide (RSA: RS* and PS*; EC: the curve's ES*; oct: the HS* its length allows).
/// </summary>
internal static class JwkKeyBuilder
{
    public static JwtSigningKey? Build(JwkMembers jwk, out string? error)
    {
        var kid = jwk.String("kid");
        if (jwk.Has("kid") && kid is null) return Fail("\"kid\" must be a string", out error);
        if (kid is not null && (kid.Length == 0 || Encoding.UTF8.GetByteCount(kid) > JwksReader.MaxKidBytes))
            return Fail($"\"kid\" must be 1 to {JwksReader.MaxKidBytes} bytes", out error);

        var kty = jwk.String("kty");
        var pinned = JwsAlgorithm.Unknown;
        if (jwk.String("alg") is { } alg)
        {
            pinned = JwsAlgorithms.Parse(alg);
            if (pinned is JwsAlgorithm.Unknown or JwsAlgorithm.None)
                return Fail($"unsupported \"alg\" \"{alg}\": expected one of HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512", out error);
        }
        else if (jwk.Has("alg"))
        {
            return Fail("\"alg\" must be a string", out error);
        }

        switch (kty)
        {
            case "RSA":
            {
                if (pinned != JwsAlgorithm.Unknown && !JwsAlgorithms.IsRsa(pinned)) return Mismatch(kty, pinned, out error);
                if (!TryDecode(jwk, "n", out var n, out error) || !TryDecode(jwk, "e", out var e, out error)) return null;
                var set = pinned == JwsAlgorithm.Unknown ? JwsAlgorithmSet.Rsa : JwsAlgorithmSet.Of(pinned);
                return SigningKeyFactory.CreateRsa(kid, n, e, set, out error);
            }
            case "EC":
            {
                var crv = jwk.String("crv");
                var curve = crv is null ? null : EcCurve.FromName(Encoding.UTF8.GetBytes(crv));
                if (curve is null) return Fail($"unsupported EC \"crv\" \"{crv}\": expected P-256, P-384 or P-521", out error);
                if (pinned != JwsAlgorithm.Unknown && pinned != curve.Algorithm)
                    return Fail($"\"alg\" {JwsAlgorithms.Name(pinned)} does not match curve {curve.Name} (which means {JwsAlgorithms.Name(curve.Algorithm)})", out error);
                if (!TryDecode(jwk, "x", out var x, out error) || !TryDecode(jwk, "y", out var y, out error)) return null;
                return SigningKeyFactory.CreateEc(kid, curve, x, y, out error);
            }
            case "oct":
            {
                if (pinned != JwsAlgorithm.Unknown && !JwsAlgorithms.IsHmac(pinned)) return Mismatch(kty, pinned, out error);
                if (!TryDecode(jwk, "k", out var k, out error)) return null;
                var set = pinned == JwsAlgorithm.Unknown
                    ? JwsAlgorithmSet.Of(JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512)
                    : JwsAlgorithmSet.Of(pinned);
                return SigningKeyFactory.CreateHmac(kid, k, set, out error);
            }
            case "OKP":
                return Fail(jwk.String("crv") == "Ed25519"
                    ? "EdDSA (Ed25519) keys are not supported: the .NET base library has no Ed25519; use an RSA or EC key"
                    : $"OKP curve \"{jwk.String("crv")}\" is not a signature curve Edge supports", out error);
            case null:
                return Fail("missing \"kty\"", out error);
            default:
                return Fail($"unsupported \"kty\" \"{kty}\": expected RSA, EC or oct", out error);
        }
    }

    private static bool TryDecode(JwkMembers jwk, string name, out byte[] value, out string? error)
    {
        value = [];
        var text = jwk.String(name);
        if (text is null)
        {
            error = $"missing \"{name}\"";
            return false;
        }
        var encoded = Encoding.UTF8.GetBytes(text);
        var buffer = new byte[Base64UrlStrict.MaxDecodedLength(encoded.Length)];
        if (encoded.Length == 0 || !Base64UrlStrict.TryDecode(encoded, buffer, out var written))
        {
            error = $"\"{name}\" is not unpadded base64url (RFC 7518 §6)";
            return false;
        }
        value = buffer[..written];
        error = null;
        return true;
    }

    private static JwtSigningKey? Mismatch(string kty, JwsAlgorithm alg, out string? error) =>
        Fail($"\"alg\" {JwsAlgorithms.Name(alg)} cannot be used with a \"{kty}\" key", out error);

    private static JwtSigningKey? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
