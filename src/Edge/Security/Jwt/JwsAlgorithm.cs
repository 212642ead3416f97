namespace Edge.Security.Jwt;

/// <summary>
/// JWS <c>alg</c> values Edge knows (RFC 7518 §3.1, RFC 8037 §3.1). <see cref="None"/> is recognised
/// only to be refused (RFC 8725 §3.1); <see cref="EdDsa"/> is recognised but no key can carry it while
/// the BCL has no Ed25519 (see docs/security.md).
/// </summary>
internal enum JwsAlgorithm : byte
{
    Unknown = 0,
    None,
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDsa,
}
