using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>
/// Bounds of <c>[auth]</c> that the gateway relies on (RFC 8725, SECURITY.md cases 51 and 55): a clock
/// skew of at most 5 minutes ("usually no more than a few minutes", RFC 7519 §4.1.4), a token cap of
/// 64 bytes to 64 KiB (no head could carry more), and a positive Basic cache lifetime when the cache is on.
/// </summary>
internal static class AuthRule
{
    private static readonly Duration MaxClockSkew = Duration.FromSeconds(300);
    private static readonly Duration MaxBasicCacheTtl = Duration.FromSeconds(86_400);

    public static void Check(ValidationContext ctx)
    {
        var auth = ctx.Config.Auth;
        if (auth.Jwt is { } jwt)
        {
            if (jwt.ClockSkew.Milliseconds > MaxClockSkew.Milliseconds)
                ctx.Report("auth.jwt.clock_skew", $"clock_skew {jwt.ClockSkew} is too large: expected at most 5m (RFC 7519 §4.1.4: a few minutes; default 60s)");
            if (jwt.MaxTokenSize.Bytes is < 64 or > 64 * 1024)
                ctx.Report("auth.jwt.max_token_size", $"max_token_size {jwt.MaxTokenSize} is out of range: expected 64 bytes to 64KiB (default 8KiB)");
        }
        if (auth.BasicCacheSize > 0)
        {
            if (auth.BasicCacheTtl.Milliseconds <= 0)
                ctx.Report("auth.basic_cache_ttl", "a zero duration is not allowed here: expected a positive duration (e.g. \"5m\"), or basic_cache_size = 0 to turn the cache off");
            else if (auth.BasicCacheTtl.Milliseconds > MaxBasicCacheTtl.Milliseconds)
                ctx.Report("auth.basic_cache_ttl", $"basic_cache_ttl {auth.BasicCacheTtl} is too long: expected at most 1d (default 5m)");
        }
    }
}
