using Edge.Security.Jwt.Keys;

namespace Edge.Security.Jwt;

/// <summary>
/// Picks the key for a decoded header and applies the algorithm policy (RFC 8725 §3.1): the key
/// must exist, the header's <c>alg</c> must be one the key allows, and no <c>crit</c> extension
/// (Edge implements none, RFC 7515 §4.1.11) or <c>b64: false</c> (RFC 7797) may be present.
/// </summary>
internal static class JwsKeySelector
{
    public static JwtValidationResult Select(in JwtHeader header, JwtKeySet keys, out JwtSigningKey? key)
    {
        key = keys.Find(header.Kid, header.HasKid);
        if (key is null) return JwtValidationResult.UnknownKey;
        if (!key.Algorithms.Contains(header.Algorithm)) return JwtValidationResult.AlgorithmMismatch;
        if (header.HasCrit || header.UnencodedPayload) return JwtValidationResult.UnsupportedCrit;
        return JwtValidationResult.Valid;
    }
}
