using System.Security.Cryptography;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// An <c>oct</c> secret for HS256/384/512 (RFC 7518 §3.2). The secret must be at least as long as
/// the hash output; an HS* token can only ever be checked against a key loaded as <c>oct</c>.
/// </summary>
internal sealed class HmacSigningKey : JwtSigningKey
{
    private readonly byte[] _secret;

    public HmacSigningKey(string? kid, byte[] secret, JwsAlgorithmSet algorithms)
        : base(kid, algorithms)
    {
        _secret = secret;
    }

    public override string KeyType => "oct";

    public override int KeySizeBits => _secret.Length * 8;

    /// <summary>RFC 7518 §3.2: "A key of the same size as the hash output ... or larger MUST be used".</summary>
    public static int MinimumSecretBytes(JwsAlgorithm alg) => alg switch
    {
        JwsAlgorithm.HS256 => 32,
        JwsAlgorithm.HS384 => 48,
        _ => 64,
    };

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        Span<byte> mac = stackalloc byte[64];
        int written = algorithm switch
        {
            JwsAlgorithm.HS256 => HMACSHA256.HashData(_secret, signingInput, mac),
            JwsAlgorithm.HS384 => HMACSHA384.HashData(_secret, signingInput, mac),
            JwsAlgorithm.HS512 => HMACSHA512.HashData(_secret, signingInput, mac),
            _ => 0,
        };
        // A MAC is compared in constant time so a forger cannot learn it byte by byte (RFC 7515 §10.7).
        return written != 0 && signature.Length == written && CryptographicOperations.FixedTimeEquals(mac[..written], signature);
    }

    public override void Dispose() => CryptographicOperations.ZeroMemory(_secret);
}
