using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Binding;

/// <summary>Key paths in diagnostics index arrays from 0 and quote keys that are not bare TOML keys.</summary>
public sealed class PathRenderingTests
{
    [Fact]
    public void Bind_UnknownKeyInInlineEndpoint_PathHasIndexes()
    {
        var line = TestConfig.LoadSingleError("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://a\", { url = \"http://b\", wieght = 2 }]\n");
        Assert.Equal("edge.toml:3:46: upstreams[0].endpoints[1].wieght: unknown key 'wieght': did you mean 'weight'?", line);
    }

    [Fact]
    public void Bind_BadCidrInSecondListener_PathHasIndexes()
    {
        var line = TestConfig.LoadSingleError("[[listeners]]\nbind = \"0.0.0.0:1\"\n[[listeners]]\nbind = \"0.0.0.0:2\"\nip_allow = [\"10.0.0.0/8\", \"10.0.0.1/8\"]\n");
        Assert.StartsWith("edge.toml:5:27: listeners[1].ip_allow[1]: bad CIDR range \"10.0.0.1/8\": expected an IPv4 or IPv6 address", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadHeaderNameKey_PathQuotesKey()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"coffee\"\nclaims_to_headers = { \"X User\" = \"sub\" }\n");
        Assert.StartsWith("edge.toml:11:23: apis[0].claims_to_headers.\"X User\": bad header name \"X User\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadHostPattern_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"coffee\"\nhosts = [\"ok.example.com\", \"*bad*.com\"]\n");
        Assert.Equal("edge.toml:11:28: apis[0].hosts[1]: bad host \"*bad*.com\": expected a host name or a wildcard like \"*.example.com\"", line);
    }

    [Fact]
    public void Bind_TierTableWithoutRate_ReportedAtTier()
    {
        var line = TestConfig.LoadSingleError("[throttle.tiers]\nGold = { burst = 5 }\n");
        Assert.Equal("edge.toml:2:8: throttle.tiers.Gold: missing required key 'rate'", line);
    }

    [Fact]
    public void Summary_SingleItems_UseSingularNouns()
    {
        var r = TestConfig.Load(TestConfig.Minimal + "[throttle.tiers]\nGold = \"1/s\"\n[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"coffee\"\n[[apis.resources]]\npath = \"/x\"\n");
        Assert.Equal("edge.toml: ok — 1 listener, 1 upstream, 1 api, 1 resource, 1 tier", r.Summary);
    }
}
