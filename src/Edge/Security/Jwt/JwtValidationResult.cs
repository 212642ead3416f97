namespace Edge.Security.Jwt;

/// <summary>
/// Why a token was accepted or refused. The reason goes to logs and metrics only: every refusal is
/// the same 401 (900901) to the client, so an attacker learns nothing about which check failed. The
/// order of the JWS-layer values is the order a refusal is reported in when several apply (see
/// shared/conformance/jwt/README.md): malformed, alg none, key/algorithm, crit, signature.
/// </summary>
internal enum JwtValidationResult : byte
{
    Valid = 0,

    /// <summary>Longer than the configured cap; refused before any decoding (RFC 8725 §3.11 spirit: bound work).</summary>
    TooLarge,

    /// <summary>Not three unpadded base64url parts, bad JSON, duplicate names, too deep, not UTF-8, not a JSON object.</summary>
    Malformed,

    /// <summary><c>alg</c> is "none" in any letter case (RFC 8725 §3.1).</summary>
    AlgorithmNone,

    /// <summary><c>alg</c> is missing from Edge's list (RFC 7518 §3.1, RFC 8037).</summary>
    UnsupportedAlgorithm,

    /// <summary>No configured issuer has the token's <c>iss</c>, or the token has none.</summary>
    UnknownIssuer,

    /// <summary>No key of the issuer has the token's <c>kid</c>, or several keys and no <c>kid</c>.</summary>
    UnknownKey,

    /// <summary>The key found does not allow the header's <c>alg</c> (alg confusion, RFC 8725 §3.1).</summary>
    AlgorithmMismatch,

    /// <summary><c>crit</c> present (Edge implements no extension), or <c>b64: false</c> (RFC 7515 §4.1.11, RFC 7797).</summary>
    UnsupportedCrit,

    /// <summary><c>typ</c> differs from the issuer's configured one (RFC 8725 §3.11).</summary>
    WrongType,

    /// <summary>The signature does not verify, or has the wrong length or range (RFC 7518 §3.4).</summary>
    BadSignature,

    /// <summary>A required claim is absent (<c>exp</c>).</summary>
    MissingClaim,

    /// <summary>A registered claim has the wrong JSON type or an out-of-range value (RFC 7519 §4.1).</summary>
    InvalidClaim,

    /// <summary><c>exp</c> + skew is not after now (RFC 7519 §4.1.4).</summary>
    Expired,

    /// <summary><c>nbf</c> − skew is after now (RFC 7519 §4.1.5).</summary>
    NotYetValid,

    /// <summary><c>iat</c> − skew is after now: a token from the future.</summary>
    IssuedInFuture,

    /// <summary>The issuer has audiences and none is in the token's <c>aud</c> (RFC 7519 §4.1.3).</summary>
    WrongAudience,

    /// <summary>The token's <c>jti</c>, or its <c>sub</c> issued before a cut-off, is revoked.</summary>
    Revoked,
}
