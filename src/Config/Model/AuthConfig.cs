namespace Edge.Config.Model;

/// <summary><c>[auth]</c>: credential stores shared by all APIs.</summary>
public sealed record AuthConfig(JwtConfig? Jwt, ValueList<ApiKeyConfig> ApiKeys, ValueList<BasicUserConfig> BasicUsers)
{
    public static AuthConfig Empty { get; } = new(null, default, default);
}
