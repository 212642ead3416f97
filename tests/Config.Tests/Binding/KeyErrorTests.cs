using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Binding;

/// <summary>Unknown keys are reported at the key (with a suggestion when close); missing required keys at their table.</summary>
public sealed class KeyErrorTests
{
    [Theory]
    [InlineData("[server]\nadmn = \"off\"", "edge.toml:2:1: server.admn: unknown key 'admn': did you mean 'admin'?")]
    [InlineData("[server]\ncolour = \"blue\"", "edge.toml:2:1: server.colour: unknown key 'colour'")]
    [InlineData("[srever]\nadmin = \"off\"", "edge.toml:1:2: srever: unknown key 'srever': did you mean 'server'?")]
    [InlineData("[server.limits]\n  max_conections = 5", "edge.toml:2:3: server.limits.max_conections: unknown key 'max_conections': did you mean 'max_connections'?")]
    [InlineData("[[listeners]]\nbind = \"0.0.0.0:1\"\ntls = { cert = \"c\", key = \"k\", client_ath = \"none\" }", "edge.toml:3:32: listeners[0].tls.client_ath: unknown key 'client_ath': did you mean 'client_auth'?")]
    public void Bind_UnknownKey_ReportedAtKeyWithSuggestion(string toml, string expected)
    {
        Assert.Equal(expected, TestConfig.LoadSingleError(toml));
    }

    [Theory]
    [InlineData("[[listeners]]\nname = \"x\"", "edge.toml:1:1: listeners[0]: missing required key 'bind'")]
    [InlineData("[[upstreams]]\nendpoints = [\"http://a\"]", "edge.toml:1:1: upstreams[0]: missing required key 'name'")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [{ weight = 2 }]", "edge.toml:3:14: upstreams[0].endpoints[0]: missing required key 'url'")]
    [InlineData("[[upstreams]]\nname = \"u\"\nendpoints = [\"http://a\"]\nhealth = { interval = \"5s\" }", "edge.toml:4:10: upstreams[0].health: missing required key 'path'")]
    [InlineData("[[auth.api_keys]]\nname = \"k\"", "edge.toml:1:1: auth.api_keys[0]: missing required key 'sha256'")]
    [InlineData("[auth.jwt]\nissuers = [{ issuer = \"i\" }]", "edge.toml:2:12: auth.jwt.issuers[0]: missing required key 'jwks' or 'certificate': an issuer needs at least one source of signing keys")]
    [InlineData("[[listeners]]\nbind = \"0.0.0.0:1\"\ntls = { cert = \"c\" }", "edge.toml:3:7: listeners[0].tls: missing required key 'key'")]
    public void Bind_MissingRequiredKey_ReportedAtTable(string toml, string expected)
    {
        Assert.Equal(expected, TestConfig.LoadSingleError(toml));
    }

    [Fact]
    public void Bind_ApiMissingNameAndBasePath_ReportsBoth()
    {
        var r = TestConfig.Load(TestConfig.Minimal + "[[apis]]\nupstream = \"coffee\"\n");
        Assert.Equal(
            [
                "edge.toml:7:1: apis[0]: missing required key 'name'",
                "edge.toml:7:1: apis[0]: missing required key 'base_path'",
            ],
            TestConfig.Lines(r));
    }

    [Fact]
    public void Bind_UserDataKeys_AreNotUnknown()
    {
        // Tier names and header maps are user data, not schema keys.
        TestConfig.LoadOk(TestConfig.Minimal + """
            [throttle.tiers]
            Whatever = "1/s"
            [[apis]]
            name = "a"
            base_path = "/a"
            upstream = "coffee"
            claims_to_headers = { "X-User" = "sub" }
            """);
    }
}
