namespace Edge.Config.Model;

/// <summary><c>[auth.jwt]</c>: trusted issuers, the revocation list file, and validation bounds (RFC 8725).</summary>
public sealed record JwtConfig(
    ValueList<JwtIssuerConfig> Issuers,
    string? Revoked,
    Duration ClockSkew,
    ByteSize MaxTokenSize,
    int CacheSize);
