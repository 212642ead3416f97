using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Binding;

/// <summary>Wrong TOML types are reported at the value, with its key path, saying what was expected and found.</summary>
public sealed class TypeErrorTests
{
    [Theory]
    [InlineData("[server]\nadmin = 9901", "edge.toml:2:9: server.admin: expected a string, found integer")]
    [InlineData("[server]\ndrain_timeout = 30", "edge.toml:2:17: server.drain_timeout: expected a string, found integer")]
    [InlineData("[server.limits]\nheaders = \"100\"", "edge.toml:2:11: server.limits.headers: expected an integer, found string")]
    [InlineData("[server.limits]\nbody = true", "edge.toml:2:8: server.limits.body: expected a string or integer, found boolean")]
    [InlineData("[server.limits]\nbody = 1.5", "edge.toml:2:8: server.limits.body: expected a string or integer, found float")]
    [InlineData("[server]\nlimits = \"big\"", "edge.toml:2:10: server.limits: expected a table, found string")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = \"http://a\"", "edge.toml:3:13: upstreams[0].endpoints: expected an array, found string")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://a\", 7]", "edge.toml:3:26: upstreams[0].endpoints[1]: expected a URL string or a table { url, weight }, found integer")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://a\"]\nretries = { budget = \"lots\" }", "edge.toml:4:22: upstreams[0].retries.budget: expected a number, found string")]
    [InlineData("[[listeners]]\nbind = \"0.0.0.0:1\"\nh2c_upgrade = \"yes\"", "edge.toml:3:15: listeners[0].h2c_upgrade: expected a boolean (true or false), found string")]
    [InlineData("[[listeners]]\nbind = \"0.0.0.0:1\"\nprotocols = [\"http1\", 2]", "edge.toml:3:23: listeners[0].protocols[1]: expected a string, found integer")]
    [InlineData("listeners = 5", "edge.toml:1:13: listeners: expected an array, found integer")]
    [InlineData("listeners = [5]", "edge.toml:1:14: listeners[0]: expected a table, found integer")]
    [InlineData("[[listeners]]\nbind = 1979-05-27", "edge.toml:2:8: listeners[0].bind: expected a string, found date-time")]
    public void Bind_WrongType_ReportsExpectedAndFound(string toml, string expected)
    {
        Assert.Equal(expected, TestConfig.LoadSingleError(toml));
    }

    [Theory]
    [InlineData("[server]\ndrain_timeout = \"5 seconds\"", "edge.toml:2:17: server.drain_timeout: bad duration \"5 seconds\": expected a number followed by ms, s, m, h or d (e.g. \"250ms\", \"5s\"), at most 24d")]
    [InlineData("[server.limits]\nbody = \"10 megs\"", "edge.toml:2:8: server.limits.body: bad size \"10 megs\": expected a number of bytes, optionally followed by KiB, MiB, GiB (1024-based) or KB, MB, GB (1000-based) (e.g. \"64KiB\", \"10MiB\")")]
    [InlineData("[server.limits]\nbody = -1", "edge.toml:2:8: server.limits.body: bad size -1: expected a number of bytes, optionally followed by KiB, MiB, GiB (1024-based) or KB, MB, GB (1000-based) (e.g. \"64KiB\", \"10MiB\")")]
    [InlineData("[server]\nadmin = \"9901\"", "edge.toml:2:9: server.admin: bad address \"9901\": expected host:port, e.g. \"0.0.0.0:8080\", \"[::1]:9901\" or \"localhost:80\"")]
    [InlineData("[server]\naccess_log_format = \"yaml\"", "edge.toml:2:21: server.access_log_format: bad format \"yaml\": expected one of \"json\", \"text\"")]
    [InlineData("[server.limits]\nheaders = 0", "edge.toml:2:11: server.limits.headers: 0 is out of range: expected an integer from 1 to 10000")]
    [InlineData("[throttle.tiers]\nGold = \"5000/week\"", "edge.toml:2:8: throttle.tiers.Gold: bad rate \"5000/week\": expected a count per period like \"5000/min\", \"10/s\", \"1000/hour\", or \"Unlimited\"")]
    [InlineData("[[auth.api_keys]]\nname = \"k\"\nsha256 = \"abc\"", "edge.toml:3:10: auth.api_keys[0].sha256: bad SHA-256 \"abc\": expected 64 hexadecimal characters (the SHA-256 of the key)")]
    [InlineData("[[auth.basic_users]]\nname = \"u\"\nhash = \"md5$x\"", "edge.toml:3:8: auth.basic_users[0].hash: bad password hash \"md5$x\": expected \"pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64\"")]
    public void Bind_BadValue_ReportsWhatIsWrongAndExpected(string toml, string expected)
    {
        Assert.Equal(expected, TestConfig.LoadSingleError(toml));
    }
}
