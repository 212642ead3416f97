using Edge.Config.Model;
using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Validation;

/// <summary>[auth] keys the gateway relies on: Basic cache size and lifetime, skew and token cap bounds, unique issuers, keys and users.</summary>
public sealed class AuthRuleTests
{
    private const string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void BasicCache_DefaultsAndValues()
    {
        Assert.Equal(1000, TestConfig.LoadOk(TestConfig.Minimal).Auth.BasicCacheSize);
        Assert.Equal(Duration.FromSeconds(300), TestConfig.LoadOk(TestConfig.Minimal).Auth.BasicCacheTtl);

        var c = TestConfig.LoadOk(TestConfig.Minimal + "[auth]\nbasic_cache_size = 0\nbasic_cache_ttl = \"1m\"\n");
        Assert.Equal(0, c.Auth.BasicCacheSize);
        Assert.Equal(Duration.FromSeconds(60), c.Auth.BasicCacheTtl);
    }

    [Theory]
    [InlineData("[auth]\nbasic_cache_size = -1\n", "edge.toml:8:20: auth.basic_cache_size: -1 is out of range")]
    [InlineData("[auth]\nbasic_cache_ttl = \"0s\"\n", "edge.toml:8:19: auth.basic_cache_ttl: a zero duration is not allowed here")]
    [InlineData("[auth]\nbasic_cache_ttl = \"2d\"\n", "edge.toml:8:19: auth.basic_cache_ttl: basic_cache_ttl 2d is too long")]
    [InlineData("[auth]\nbasic_cache_ttl = 60\n", "edge.toml:8:19: auth.basic_cache_ttl: expected a string")]
    [InlineData("[auth.jwt]\nclock_skew = \"6m\"\n", "edge.toml:8:14: auth.jwt.clock_skew: clock_skew 6m is too large")]
    [InlineData("[auth.jwt]\nmax_token_size = \"65KiB\"\n", "edge.toml:8:18: auth.jwt.max_token_size: max_token_size 65KiB is out of range")]
    [InlineData("[auth.jwt]\nmax_token_size = 32\n", "auth.jwt.max_token_size: max_token_size 32")]
    public void Bounds_AreReportedWithPosition(string auth, string expected)
    {
        var error = TestConfig.LoadSingleError(TestConfig.Minimal + auth);

        Assert.StartsWith(expected.StartsWith("edge.toml", StringComparison.Ordinal) ? expected : "edge.toml:", error, StringComparison.Ordinal);
        Assert.Contains(expected.StartsWith("edge.toml", StringComparison.Ordinal) ? expected[expected.IndexOf(" auth", StringComparison.Ordinal)..] : expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void IssuerAlgorithms_AreBound()
    {
        var c = TestConfig.LoadOk(TestConfig.Minimal + "[auth.jwt]\nissuers = [{ issuer = \"https://a\", jwks = \"a.json\", algorithms = [\"RS256\", \"ES256\"] }]\n");
        Assert.Equal(["RS256", "ES256"], c.Auth.Jwt!.Issuers[0].Algorithms);
        Assert.True(TestConfig.LoadOk(TestConfig.Minimal + "[auth.jwt]\nissuers = [{ issuer = \"https://a\", jwks = \"a.json\" }]\n").Auth.Jwt!.Issuers[0].Algorithms.IsEmpty);
    }

    [Theory]
    [InlineData("algorithms = [\"none\"]", "auth.jwt.issuers[0].algorithms[0]: bad algorithm \"none\": expected one of \"RS256\"")]
    [InlineData("algorithms = [\"rs256\"]", "bad algorithm \"rs256\"")]
    [InlineData("algorithms = []", "auth.jwt.issuers[0].algorithms: empty algorithm list")]
    public void IssuerAlgorithms_BadValues(string keys, string expected)
    {
        var error = TestConfig.LoadSingleError(TestConfig.Minimal + $"[auth.jwt]\nissuers = [{{ issuer = \"https://a\", jwks = \"a.json\", {keys} }}]\n");

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void BasicCacheTtl_ZeroIsFineWhenTheCacheIsOff() =>
        TestConfig.LoadOk(TestConfig.Minimal + "[auth]\nbasic_cache_size = 0\nbasic_cache_ttl = \"0s\"\n");

    [Theory]
    [InlineData("[auth.jwt]\nissuers = [{ issuer = \"https://a\", jwks = \"a.json\" }, { issuer = \"https://a\", jwks = \"b.json\" }]\n", "auth.jwt.issuers[1].issuer: duplicate issuer \"https://a\"")]
    [InlineData("[[auth.api_keys]]\nname = \"k\"\nsha256 = \"" + Digest + "\"\n[[auth.api_keys]]\nname = \"k\"\nsha256 = \"" + Digest + "0\"\n", "auth.api_keys[1].name: duplicate API key name \"k\"")]
    [InlineData("[[auth.api_keys]]\nname = \"k1\"\nsha256 = \"" + Digest + "\"\n[[auth.api_keys]]\nname = \"k2\"\nsha256 = \"" + Digest + "\"\n", "auth.api_keys[1].sha256: duplicate API key digest")]
    [InlineData("[[auth.basic_users]]\nname = \"a\"\nhash = \"pbkdf2-sha256$1$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==\"\n[[auth.basic_users]]\nname = \"a\"\nhash = \"pbkdf2-sha256$1$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==\"\n", "auth.basic_users[1].name: duplicate user name \"a\"")]
    public void Duplicates_AreReported(string auth, string expected)
    {
        var r = TestConfig.Load(TestConfig.Minimal + auth);

        Assert.Contains(TestConfig.Lines(r), l => l.Contains(expected, StringComparison.Ordinal));
    }
}
