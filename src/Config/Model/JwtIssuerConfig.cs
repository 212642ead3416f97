namespace Edge.Config.Model;

/// <param name="Name">Display name; defaults to <paramref name="Issuer"/>.</param>
/// <param name="Jwks">Path to a JWKS file; at least one of this and <paramref name="Certificate"/> is set.</param>
/// <param name="Algorithms">JWS algorithms accepted from this issuer ("RS256", ...); empty: whatever its keys allow.</param>
public sealed record JwtIssuerConfig(
    string Name,
    string Issuer,
    string? Jwks,
    string? Certificate,
    ValueList<string> Audiences,
    string? Typ,
    ValueList<string> Algorithms = default);
