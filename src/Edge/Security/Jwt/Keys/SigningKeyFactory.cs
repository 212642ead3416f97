using System.Security.Cryptography;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// Builds verification keys from raw public parameters and refuses weak or broken ones at load
/// (SECURITY.md case 54): RSA under 2048 bits (RFC 7518 §3.3), an even modulus, an exponent that is
/// 1, even or huge; EC points of the wrong size or off the curve; HMAC secrets shorter than the hash.
/// Returns null with <paramref name="error"/> set instead of throwing.
/// </summary>
internal static class SigningKeyFactory
{
    /// <summary>Exponents above 2^64 only slow verification down; real keys use 65537.</summary>
    private const int MaxExponentBytes = 8;

    public static RsaSigningKey? CreateRsa(string? kid, ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> exponent, JwsAlgorithmSet algorithms, out string? error, bool fromPem = false)
    {
        // Some producers prefix a zero octet (RFC 7518 §6.3.1.1 forbids it, but it is harmless); strip it.
        modulus = TrimLeadingZeros(modulus);
        exponent = TrimLeadingZeros(exponent);
        if (modulus.IsEmpty || exponent.IsEmpty)
        {
            error = "RSA key has an empty modulus or exponent";
            return null;
        }
        var bits = (modulus.Length - 1) * 8 + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
        if (bits < RsaSigningKey.MinimumBits)
        {
            error = $"RSA key has {bits} bits; at least {RsaSigningKey.MinimumBits} are required (RFC 7518 §3.3)";
            return null;
        }
        if (bits > RsaSigningKey.MaximumBits)
        {
            error = $"RSA key has {bits} bits; at most {RsaSigningKey.MaximumBits} are accepted";
            return null;
        }
        if ((modulus[^1] & 1) == 0)
        {
            error = "RSA modulus is even: not a product of two odd primes";
            return null;
        }
        if ((exponent[^1] & 1) == 0 || (exponent.Length == 1 && exponent[0] < 3) || exponent.Length > MaxExponentBytes)
        {
            error = "RSA public exponent must be odd, at least 3 and below 2^64 (65537 is usual)";
            return null;
        }
        try
        {
            var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = modulus.ToArray(), Exponent = exponent.ToArray() });
            error = null;
            return new RsaSigningKey(kid, rsa, algorithms) { FromPem = fromPem };
        }
        catch (CryptographicException e)
        {
            error = "RSA key refused by the crypto library: " + e.Message;
            return null;
        }
    }

    /// <summary>From an imported key (a certificate's or a PEM block's); takes ownership of <paramref name="rsa"/>
    /// and re-imports its public part so the same strength rules apply.</summary>
    public static RsaSigningKey? CreateRsa(string? kid, RSA rsa, JwsAlgorithmSet algorithms, out string? error, bool fromPem = false)
    {
        var p = rsa.ExportParameters(false);
        rsa.Dispose();
        return CreateRsa(kid, p.Modulus, p.Exponent, algorithms, out error, fromPem);
    }

    public static EcSigningKey? CreateEc(string? kid, EcCurve curve, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, out string? error, bool fromPem = false)
    {
        // RFC 7518 §6.2.1.2–3: coordinates are the full field size, leading zeros kept.
        if (x.Length != curve.CoordinateBytes || y.Length != curve.CoordinateBytes)
        {
            error = $"EC key on {curve.Name} needs x and y of exactly {curve.CoordinateBytes} bytes (RFC 7518 §6.2.1.2)";
            return null;
        }
        try
        {
            // The import checks that (x, y) is on the curve (an invalid-curve point is refused here).
            var ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Curve, Q = new ECPoint { X = x.ToArray(), Y = y.ToArray() } });
            error = null;
            return new EcSigningKey(kid, ecdsa, curve) { FromPem = fromPem };
        }
        catch (CryptographicException e)
        {
            error = $"EC key refused (not a point on {curve.Name}?): {e.Message}";
            return null;
        }
    }

    /// <summary>From an imported key; takes ownership of <paramref name="ecdsa"/>.</summary>
    public static EcSigningKey? CreateEc(string? kid, ECDsa ecdsa, out string? error, bool fromPem = false)
    {
        var p = ecdsa.ExportParameters(false);
        ecdsa.Dispose();
        var curve = p.Curve.Oid?.Value switch
        {
            "1.2.840.10045.3.1.7" => EcCurve.P256,
            "1.3.132.0.34" => EcCurve.P384,
            "1.3.132.0.35" => EcCurve.P521,
            _ => null,
        };
        if (curve is null)
        {
            error = $"EC key on curve '{p.Curve.Oid?.FriendlyName ?? p.Curve.Oid?.Value ?? "explicit"}': only P-256, P-384 and P-521 are JOSE curves";
            return null;
        }
        return CreateEc(kid, curve, p.Q.X, p.Q.Y, out error, fromPem);
    }

    public static HmacSigningKey? CreateHmac(string? kid, ReadOnlySpan<byte> secret, JwsAlgorithmSet algorithms, out string? error)
    {
        // Keep only the HS* algorithms this secret is long enough for (RFC 7518 §3.2).
        var allowed = JwsAlgorithmSet.Empty;
        foreach (var alg in (ReadOnlySpan<JwsAlgorithm>)[JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512])
        {
            if (algorithms.Contains(alg) && secret.Length >= HmacSigningKey.MinimumSecretBytes(alg))
                allowed = new JwsAlgorithmSet((ushort)(allowed.Mask | JwsAlgorithmSet.Of(alg).Mask));
        }
        if (allowed.IsEmpty)
        {
            error = $"HMAC secret has {secret.Length} bytes; {algorithms} needs at least {MinimumFor(algorithms)} (RFC 7518 §3.2)";
            return null;
        }
        error = null;
        return new HmacSigningKey(kid, secret.ToArray(), allowed);
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var first = value.IndexOfAnyExcept((byte)0);
        return first < 0 ? default : value[first..];
    }

    private static int MinimumFor(JwsAlgorithmSet algorithms) =>
        algorithms.Contains(JwsAlgorithm.HS256) ? 32 : algorithms.Contains(JwsAlgorithm.HS384) ? 48 : 64;
}
