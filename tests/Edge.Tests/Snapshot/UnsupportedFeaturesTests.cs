using System.Text;
using Edge.Snapshot;

namespace Edge.Tests.Snapshot;

/// <summary>
/// Fail closed: every setting this build parses but does not enforce is refused with its key and
/// position, never ignored (a throttle that is not applied must not be silently accepted). The security
/// policies and throttling have left the list: they are accepted and compiled into each route's chain.
/// </summary>
public sealed class UnsupportedFeaturesTests
{
    private const string Base = "[server]\nadmin = \"off\"\naccess_log = \"off\"\n[[listeners]]\nbind = \"127.0.0.1:18080\"\n[[upstreams]]\nname = \"u\"\nendpoints = [\"http://127.0.0.1:9001\"]\n";
    private const string Api = "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"u\"\n";

    [Theory]
    [InlineData(Base + "[[auth.api_keys]]\nname = \"k\"\nsha256 = \"" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "\"\n" + Api + "security = [\"api_key\"]\n")]
    [InlineData(Base + Api + "cors = { origins = [\"https://a.example\"] }\n")]
    [InlineData(Base + Api + "ip_deny = [\"10.0.0.0/8\"]\n")]
    [InlineData("[server]\nadmin = \"off\"\n[[listeners]]\nbind = \"127.0.0.1:18080\"\nip_allow = [\"127.0.0.1\", \"::1\"]\n")]
    [InlineData(Base + "[throttle.tiers]\nGold = \"10/s\"\n" + Api + "throttle = { tier = \"Gold\", key = \"ip\" }\n")]
    [InlineData("[server]\nadmin = \"off\"\n[[listeners]]\nbind = \"127.0.0.1:18080\"\ntrusted_proxies = [\"10.0.0.0/8\"]\n")]
    [InlineData(Base + Api + "claims_to_headers = { \"X-User\" = \"sub\" }\njwt_assertion = true\nkeep_authorization = true\nauthorization_header = \"X-Authorization\"\n")]
    public async Task Load_SecurityPolicies_AreAccepted(string toml)
    {
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), "edge.toml", 1, null);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        foreach (var cluster in result.Snapshot!.Clusters.Values) await cluster.DisposeAsync();
    }

    [Theory]
    [InlineData("h2c", "http")]
    [InlineData("h2", "https")]
    [InlineData("auto", "http")]
    [InlineData("auto", "https")]
    public async Task Load_Http2UpstreamProtocols_AreAccepted(string protocol, string scheme)
    {
        var toml = $"[server]\nadmin = \"off\"\n[[upstreams]]\nname = \"s\"\nendpoints = [\"{scheme}://127.0.0.1:9443\"]\nprotocol = \"{protocol}\"\n";
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), "edge.toml", 1, null);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        foreach (var cluster in result.Snapshot!.Clusters.Values) await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Load_SecurityNone_IsAccepted()
    {
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(Base + Api + "security = [\"none\"]\n"), "edge.toml", 1, null);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        foreach (var cluster in result.Snapshot!.Clusters.Values) await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Load_WebSocket_IsAcceptedAndReachesTheRoutes()
    {
        var toml = Base + Api + "websocket = true\n  [[apis.resources]]\n  path = \"/chat\"\n  [[apis.resources]]\n  path = \"/plain\"\n  websocket = false\n";
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), "edge.toml", 1, null);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        Assert.Equal([true, false], result.Snapshot!.Routes.Select(r => r.WebSocket));
        foreach (var cluster in result.Snapshot.Clusters.Values) await cluster.DisposeAsync();
    }
}
