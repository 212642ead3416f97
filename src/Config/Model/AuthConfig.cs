namespace Edge.Config.Model;

/// <summary><c>[auth]</c>: credential stores shared by all APIs.</summary>
public sealed record AuthConfig(JwtConfig? Jwt, ValueList<ApiKeyConfig> ApiKeys, ValueList<BasicUserConfig> BasicUsers)
{
    public static AuthConfig Empty { get; } = new(null, default, default);
}

public sealed record JwtConfig(
    ValueList<JwtIssuerConfig> Issuers,
    string? Revoked,
    Duration ClockSkew,
    ByteSize MaxTokenSize,
    int CacheSize);

/// <param name="Name">Display name; defaults to <paramref name="Issuer"/>.</param>
/// <param name="Jwks">Path to a JWKS file; at least one of this and <paramref name="Certificate"/> is set.</param>
public sealed record JwtIssuerConfig(
    string Name,
    string Issuer,
    string? Jwks,
    string? Certificate,
    ValueList<string> Audiences,
    string? Typ);

/// <param name="Sha256">Lower-case hex SHA-256 of the key; the key itself never appears in config.</param>
public sealed record ApiKeyConfig(string Name, string Sha256);

/// <param name="Hash">"pbkdf2-sha256$ITER$SALTB64$HASHB64"; only its shape is checked here.</param>
public sealed record BasicUserConfig(string Name, string Hash);
