using Edge.Config.Model;

namespace Edge.Config.Binding;

/// <summary>Binds <c>[auth]</c>: <c>[auth.jwt]</c>, <c>[[auth.api_keys]]</c> and <c>[[auth.basic_users]]</c>.</summary>
internal static class AuthBinder
{
    public static AuthConfig Bind(TableReader? t)
    {
        if (t is null) return AuthConfig.Empty;
        var apiKeys = t.ArrayOfTables("api_keys")
            .Select(k => new ApiKeyConfig(k.RequiredString("name"), k.RequiredText("sha256", Kinds.Sha256Hex)))
            .ToList();
        var users = t.ArrayOfTables("basic_users")
            .Select(u => new BasicUserConfig(u.RequiredString("name"), u.RequiredText("hash", Kinds.BasicHash)))
            .ToList();
        return new AuthConfig(BindJwt(t.SubTable("jwt")), ValueList.From(apiKeys), ValueList.From(users),
            t.Int("basic_cache_size", AuthConfig.DefaultBasicCacheSize, 0, 1_000_000),
            t.Duration("basic_cache_ttl", AuthConfig.DefaultBasicCacheTtl));
    }

    private static JwtConfig? BindJwt(TableReader? t)
    {
        if (t is null) return null;
        var issuers = new List<JwtIssuerConfig>();
        foreach (var i in t.ArrayOfTables("issuers"))
        {
            var issuer = i.RequiredString("issuer");
            var jwks = i.String("jwks");
            var certificate = i.String("certificate");
            if (jwks is null && certificate is null && !i.Has("jwks") && !i.Has("certificate"))
            {
                i.Context.Error(i.Position, i.Path, "missing required key 'jwks' or 'certificate': an issuer needs at least one source of signing keys");
            }
            var algorithms = i.List("algorithms", Kinds.JwsAlgorithm);
            if (algorithms is { IsEmpty: true } && i.Table.TryGet("algorithms", out var a) && a is Toml.TomlArray { Count: 0 }) i.Error("algorithms", "empty algorithm list: leave 'algorithms' out to accept what the issuer's keys allow");
            issuers.Add(new JwtIssuerConfig(
                i.String("name") ?? issuer,
                issuer,
                jwks,
                certificate,
                i.StringList("audiences"),
                i.String("typ"),
                algorithms ?? default));
        }
        return new JwtConfig(
            ValueList.From(issuers),
            t.String("revoked"),
            t.Duration("clock_skew", Duration.FromSeconds(60)),
            t.ByteSize("max_token_size", ByteSize.FromKiB(8)),
            t.Int("cache_size", 10_000, 0, 10_000_000));
    }
}
