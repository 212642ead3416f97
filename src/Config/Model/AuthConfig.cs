namespace Edge.Config.Model;

/// <summary><c>[auth]</c>: credential stores shared by all APIs.</summary>
/// <param name="BasicCacheSize">Verified Basic credentials remembered (0 disables the cache: every request runs PBKDF2).</param>
/// <param name="BasicCacheTtl">How long a verified Basic credential is trusted without running PBKDF2 again.</param>
public sealed record AuthConfig(
    JwtConfig? Jwt,
    ValueList<ApiKeyConfig> ApiKeys,
    ValueList<BasicUserConfig> BasicUsers,
    int BasicCacheSize,
    Duration BasicCacheTtl)
{
    public const int DefaultBasicCacheSize = 1000;

    public static readonly Duration DefaultBasicCacheTtl = Duration.FromSeconds(300);

    public static AuthConfig Empty { get; } = new(null, default, default, DefaultBasicCacheSize, DefaultBasicCacheTtl);
}
