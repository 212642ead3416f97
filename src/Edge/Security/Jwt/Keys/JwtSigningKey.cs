namespace Edge.Security.Jwt.Keys;

/// <summary>
/// One trusted verification key of an issuer, loaded from a JWKS or a PEM file. The algorithms it
/// may verify are fixed at load (<see cref="Algorithms"/>): a token's <c>alg</c> only picks among
/// them, so an RSA public key can never be used as an HMAC secret (RFC 8725 §3.1).
/// Instances are immutable and safe for concurrent verification.
/// </summary>
internal abstract class JwtSigningKey : IDisposable
{
    protected JwtSigningKey(string? kid, JwsAlgorithmSet algorithms)
    {
        Kid = kid;
        KidUtf8 = kid is null ? null : System.Text.Encoding.UTF8.GetBytes(kid);
        Algorithms = algorithms;
    }

    /// <summary>The JWK <c>kid</c>, or null for a key that has none (a PEM certificate).</summary>
    public string? Kid { get; }

    public byte[]? KidUtf8 { get; }

    public JwsAlgorithmSet Algorithms { get; }

    /// <summary>
    /// Loaded from a PEM certificate or public key: its <see cref="Kid"/> is the certificate's
    /// x5t#S256 thumbprint, and as an issuer's only key it verifies tokens whatever their kid
    /// (a key manager's tokens name its certificate in their own ways).
    /// </summary>
    public bool FromPem { get; init; }

    /// <summary>"RSA", "EC", "oct" (RFC 7518 §6.1).</summary>
    public abstract string KeyType { get; }

    /// <summary>Size in bits: the modulus, the curve's field, or the secret.</summary>
    public abstract int KeySizeBits { get; }

    /// <summary>Checks <paramref name="signature"/> (already base64url-decoded) over
    /// <paramref name="signingInput"/>. <paramref name="algorithm"/> is in <see cref="Algorithms"/>.</summary>
    public abstract bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature);

    public virtual void Dispose()
    {
    }

    public override string ToString() => $"{KeyType} {KeySizeBits}-bit key{(Kid is null ? "" : $" '{Kid}'")} ({Algorithms})";
}
