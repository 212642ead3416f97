namespace Edge.Security.Jwt;

/// <summary>
/// The algorithms one key may verify, as a bit set. A key's set is fixed when it is loaded (from the
/// JWK's <c>alg</c>, else its type and curve), so the token's header can only choose within it
/// (RFC 8725 §3.1: the key fixes the algorithm).
/// </summary>
internal readonly record struct JwsAlgorithmSet(ushort Mask)
{
    public static JwsAlgorithmSet Empty => default;

    public static JwsAlgorithmSet Of(JwsAlgorithm alg) => new((ushort)(1 << (int)alg));

    public static JwsAlgorithmSet Of(params ReadOnlySpan<JwsAlgorithm> algs)
    {
        ushort mask = 0;
        foreach (var a in algs) mask |= (ushort)(1 << (int)a);
        return new JwsAlgorithmSet(mask);
    }

    /// <summary>RS* and PS*: an RSA key without <c>alg</c> is an RSA signing key, either padding.</summary>
    public static JwsAlgorithmSet Rsa { get; } = Of(JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512,
        JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512);

    public bool IsEmpty => Mask == 0;

    public bool Contains(JwsAlgorithm alg) => alg is not (JwsAlgorithm.Unknown or JwsAlgorithm.None) && (Mask & (1 << (int)alg)) != 0;

    public JwsAlgorithmSet Intersect(JwsAlgorithmSet other) => new((ushort)(Mask & other.Mask));

    public override string ToString()
    {
        var names = new List<string>();
        for (var a = JwsAlgorithm.HS256; a <= JwsAlgorithm.EdDsa; a++)
        {
            if (Contains(a)) names.Add(JwsAlgorithms.Name(a));
        }
        return string.Join(",", names);
    }
}
