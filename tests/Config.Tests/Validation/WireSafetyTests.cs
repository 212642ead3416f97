using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Validation;

/// <summary>
/// Values that would break or inject into what Edge puts on the wire, or crash a timer, are refused at
/// load with a positioned error (never mangled at run time).
/// </summary>
public sealed class WireSafetyTests
{
    private const string Upstream = "[[upstreams]]\nname = \"u\"\nendpoints = [\"http://127.0.0.1:9001\"]\n";
    private const string Api = "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\n  [[apis.resources]]\n  path = \"/x\"\n";

    [Theory]
    // Durations: timers take at most int.MaxValue ms.
    [InlineData("[server]\ndrain_timeout = \"25d\"", "edge.toml:2:17: server.drain_timeout: bad duration \"25d\"")]
    [InlineData(Upstream + "connect_timeout = \"30d\"", "edge.toml:4:19: upstreams[0].connect_timeout: bad duration")]
    // A zero body idle timeout would cut every response.
    [InlineData(Upstream + "idle_timeout = \"0s\"", "upstreams[0].idle_timeout: a zero duration is not allowed here")]
    [InlineData(Upstream + "pool = { idle_timeout = \"0s\" }", "upstreams[0].pool.idle_timeout: a zero duration is not allowed here")]
    // Host header literal: host with an optional port, nothing else.
    [InlineData(Upstream + "host_header = \"api.example.com:x y\"", "upstreams[0].host_header: bad host_header")]
    [InlineData(Upstream + "host_header = \"api.example.com\\r\\nX: y\"", "upstreams[0].host_header: bad host_header")]
    // Paths that reach the request line: RFC 3986 pchar only.
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://127.0.0.1:9001/a\\u00e9\"]", "upstreams[0].endpoints[0]")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://127.0.0.1:9001/a\\tb\"]", "upstreams[0].endpoints[0]")]
    [InlineData("[[apis]]\nname = \"a\"\nbase_path = \"/caf\\u00e9\"\n  [[apis.resources]]\n  path = \"/x\"\n  respond = { status = 200 }", "apis[0].base_path")]
    [InlineData(Api + "  respond = { status = 200, headers = { \"X-A\" = \"a\\r\\nSet-Cookie: x=1\" } }", "apis[0].resources[0].respond.headers.X-A: bad value for header \"X-A\"")]
    [InlineData(Api + "  respond = { status = 200, headers = { \"X-A\" = \"a\\u0000\" } }", "bad value for header \"X-A\"")]
    [InlineData(Api + "  respond = { status = 200, headers = { \"X-A\" = \" padded\" } }", "bad value for header \"X-A\"")]
    [InlineData("[server.limits]\nrequest_head = \"4GiB\"", "server.limits.request_head: request_head 4GiB is too large")]
    public void Load_UnsafeValue_IsRefusedWithPosition(string toml, string expectedFragment)
    {
        var result = TestConfig.Load(toml);
        Assert.False(result.Succeeded);
        var lines = TestConfig.Lines(result);
        Assert.Contains(lines, l => l.StartsWith("edge.toml:", StringComparison.Ordinal) && l.Contains(expectedFragment, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Upstream + "host_header = \"api.example.com:8443\"")]
    [InlineData(Upstream + "host_header = \"api.example.com\"")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://127.0.0.1:9001/v1/a-b_c.d~e;x=1\"]")]
    [InlineData("[server]\ndrain_timeout = \"24d\"")]
    public void Load_SafeValue_IsAccepted(string toml)
    {
        var result = TestConfig.Load(toml);
        Assert.True(result.Succeeded, string.Join("\n", TestConfig.Lines(result)));
    }
}
