using System.Security.Cryptography;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// An RSA public key for RS* (PKCS#1 v1.5) and PS* (PSS, MGF1 with the same hash, salt as long as the
/// hash: RFC 7518 §3.5, which is what <see cref="RSASignaturePadding.Pss"/> signs and checks).
/// </summary>
internal sealed class RsaSigningKey : JwtSigningKey
{
    /// <summary>RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used".</summary>
    public const int MinimumBits = 2048;

    /// <summary>Verification cost grows with the modulus; 16,384 bits is the largest in common use.</summary>
    public const int MaximumBits = 16384;

    private readonly RSA _rsa;
    private readonly int _modulusBytes;

    /// <remarks>The BCL's OpenSSL-backed <see cref="RSA"/> creates a fresh context per operation, so
    /// concurrent VerifyData calls on one imported public key are safe.</remarks>
    public RsaSigningKey(string? kid, RSA rsa, JwsAlgorithmSet algorithms)
        : base(kid, algorithms)
    {
        _rsa = rsa;
        _modulusBytes = (rsa.KeySize + 7) / 8;
    }

    public override string KeyType => "RSA";

    public override int KeySizeBits => _rsa.KeySize;

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        // RFC 8017 §8.2.2 step 1: a signature is exactly k octets.
        if (signature.Length != _modulusBytes) return false;
        var padding = algorithm >= JwsAlgorithm.PS256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        try
        {
            return _rsa.VerifyData(signingInput, signature, JwsAlgorithms.Hash(algorithm), padding);
        }
        catch (CryptographicException)
        {
            // A signature value ≥ n is reported as an exception by some providers: it is just invalid.
            return false;
        }
    }

    public override void Dispose() => _rsa.Dispose();
}
