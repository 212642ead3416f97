using System.Security.Cryptography;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// An ECDSA public key on P-256, P-384 or P-521; the curve fixes the algorithm. Signatures are the
/// JWS form: R ‖ S, each exactly the coordinate size (RFC 7518 §3.4). DER, short or long signatures
/// and r or s outside [1, n − 1] are refused before the BCL sees them.
/// </summary>
internal sealed class EcSigningKey : JwtSigningKey
{
    private readonly ECDsa _ecdsa;

    /// <remarks>As for RSA, the OpenSSL-backed <see cref="ECDsa"/> is safe for concurrent verification.</remarks>
    public EcSigningKey(string? kid, ECDsa ecdsa, EcCurve curve)
        : base(kid, JwsAlgorithmSet.Of(curve.Algorithm))
    {
        _ecdsa = ecdsa;
        Curve = curve;
    }

    public EcCurve Curve { get; }

    public override string KeyType => "EC";

    public override int KeySizeBits => _ecdsa.KeySize;

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        var n = Curve.CoordinateBytes;
        if (signature.Length != 2 * n) return false;
        if (!Curve.IsValidScalar(signature[..n]) || !Curve.IsValidScalar(signature[n..])) return false;
        return _ecdsa.VerifyData(signingInput, signature, JwsAlgorithms.Hash(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public override void Dispose() => _ecdsa.Dispose();
}
