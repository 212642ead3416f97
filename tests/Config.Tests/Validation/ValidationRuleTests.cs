using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Validation;

/// <summary>Each validation rule, with the exact position and key path it reports. Lines 1-6 are <see cref="TestConfig.Minimal"/>.</summary>
public sealed class ValidationRuleTests
{
    private static string Api(string extra = "", string name = "a", string basePath = "/a") =>
        $"[[apis]]\nname = \"{name}\"\nbase_path = \"{basePath}\"\nupstream = \"coffee\"\n{extra}";

    [Fact]
    public void DuplicateNames_SecondUpstream_ReportedNamingFirst()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "[[upstreams]]\nname = \"coffee\"\nendpoints = [\"http://b\"]\n");
        Assert.Equal("edge.toml:8:8: upstreams[1].name: duplicate upstream name \"coffee\": already used by upstreams[0].name (line 5, column 8); expected each upstream name to be unique", line);
    }

    [Fact]
    public void DuplicateNames_SameBindTwice_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "[[listeners]]\nname = \"other\"\nbind = \"0.0.0.0:8080\"\n");
        Assert.Equal("edge.toml:9:8: listeners[1].bind: duplicate bind address \"0.0.0.0:8080\": already used by listeners[0].bind (line 2, column 8); expected each bind address to be unique", line);
    }

    [Fact]
    public void DuplicateNames_SameApiNameTwice_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api() + Api(name: "a", basePath: "/b"));
        Assert.Equal("edge.toml:12:8: apis[1].name: duplicate API name \"a\": already used by apis[0].name (line 8, column 8); expected each API name to be unique", line);
    }

    [Fact]
    public void DuplicateNames_TiersDifferingInCase_Reported()
    {
        var line = TestConfig.LoadSingleError("[throttle.tiers]\nGold = \"1/s\"\ngold = \"2/s\"\n");
        Assert.StartsWith("edge.toml:3:8: throttle.tiers.gold: duplicate tier name \"gold\": already used by throttle.tiers.Gold (line 2, column 8)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void UpstreamReference_ResourceOverrideUndefined_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api("[[apis.resources]]\npath = \"/x\"\nupstream = \"nope\"\n"));
        Assert.Equal("edge.toml:13:12: apis[0].resources[0].upstream: undefined upstream \"nope\": expected the name of an [[upstreams]] entry (defined: \"coffee\")", line);
    }

    [Fact]
    public void UpstreamReference_ApiWithoutUpstreamAndForwardingResource_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal +
            "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\n[[apis.resources]]\npath = \"/x\"\nrespond = { status = 204 }\n[[apis.resources]]\npath = \"/y\"\n");
        Assert.Equal("edge.toml:7:1: apis[0]: missing required key 'upstream': needed unless every resource has 'respond' or its own 'upstream'", line);
    }

    [Fact]
    public void UpstreamReference_EveryResourceResponds_NoUpstreamNeeded()
    {
        TestConfig.LoadOk(TestConfig.Minimal + "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\n[[apis.resources]]\npath = \"/x\"\nrespond = { status = 204 }\n");
    }

    [Fact]
    public void UpstreamReference_RespondAndUpstream_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api("[[apis.resources]]\npath = \"/x\"\nupstream = \"coffee\"\nrespond = { status = 204 }\n"));
        Assert.StartsWith("edge.toml:13:12: apis[0].resources[0].upstream: both 'respond' and 'upstream' are set", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TierReference_UndefinedTier_ReportedWithSuggestion()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "[throttle.tiers]\nGold = \"1/s\"\n" + Api("throttle = { tier = \"Glod\", key = \"ip\" }\n"));
        Assert.Equal("edge.toml:13:21: apis[0].throttle.tier: undefined tier \"Glod\" (did you mean \"Gold\"?): expected a tier from [throttle.tiers] (defined: \"Gold\")", line);
    }

    [Fact]
    public void TierReference_UndefinedTierInArray_ReportedAtItem()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api("throttle = [{ tier = \"Gold\" }]\n"));
        Assert.Equal("edge.toml:11:22: apis[0].throttle[0].tier: undefined tier \"Gold\": expected a tier from [throttle.tiers] (no tiers are defined)", line);
    }

    [Fact]
    public void ListenerTls_H2WithoutTls_Reported()
    {
        var line = TestConfig.LoadSingleError("[[listeners]]\nbind = \"0.0.0.0:80\"\nprotocols = [\"h2\"]\n");
        Assert.Equal("edge.toml:3:13: listeners[0].protocols: protocol \"h2\" requires tls: expected a 'tls' table on this listener, or \"h2c\" for cleartext HTTP/2", line);
    }

    [Theory]
    [InlineData("h2", "http://10.0.0.1:80", "edge.toml:4:12: upstreams[0].protocol: protocol \"h2\" is HTTP/2 over TLS but an endpoint is http://")]
    [InlineData("h2c", "https://10.0.0.1:443", "edge.toml:4:12: upstreams[0].protocol: protocol \"h2c\" is cleartext HTTP/2 but an endpoint is https://")]
    public void UpstreamProtocol_SchemeMismatch_ReportedAtProtocol(string protocol, string url, string expected)
    {
        var line = TestConfig.LoadSingleError($"[[upstreams]]\nname = \"u\"\nendpoints = [\"{url}\"]\nprotocol = \"{protocol}\"\n");
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h2c", "http://10.0.0.1:80")]
    [InlineData("h2", "https://10.0.0.1:443")]
    [InlineData("auto", "http://10.0.0.1:80")]
    [InlineData("auto", "https://10.0.0.1:443")]
    public void UpstreamProtocol_MatchingScheme_Accepted(string protocol, string url)
    {
        var result = ConfigLoader.LoadFromBytes(System.Text.Encoding.UTF8.GetBytes($"[[upstreams]]\nname = \"u\"\nendpoints = [\"{url}\"]\nprotocol = \"{protocol}\"\n"), "edge.toml");
        Assert.DoesNotContain(result.Diagnostics, d => d.ToString().Contains("protocol", StringComparison.Ordinal));
    }

    [Fact]
    public void ListenerTls_ClientAuthWithoutCa_Reported()
    {
        var line = TestConfig.LoadSingleError("[[listeners]]\nbind = \"0.0.0.0:443\"\ntls = { cert = \"c\", key = \"k\", client_auth = \"require\" }\n");
        Assert.Equal("edge.toml:3:46: listeners[0].tls.client_auth: client_auth requires client_ca: expected 'client_ca' with the CA bundle that signs client certificates", line);
    }

    [Fact]
    public void ListenerTls_H2cOnTlsListener_Reported()
    {
        var line = TestConfig.LoadSingleError("[[listeners]]\nbind = \"0.0.0.0:443\"\nprotocols = [\"h2c\"]\ntls = { cert = \"c\", key = \"k\" }\n");
        Assert.StartsWith("edge.toml:3:13: listeners[0].protocols: protocol \"h2c\" is cleartext HTTP/2 but this listener has tls", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ListenerTls_SniCertificatesOnly_Allowed()
    {
        TestConfig.LoadOk("[[listeners]]\nbind = \"0.0.0.0:443\"\nprotocols = [\"h2\", \"http1\"]\ntls = { certificates = [{ cert = \"a.pem\", key = \"a.key\", hosts = [\"a.example.com\", \"*.b.example.com\"] }] }\n");
    }

    [Fact]
    public void ListenerTls_H2cUpgradeWithoutH2c_Reported()
    {
        var line = TestConfig.LoadSingleError("[[listeners]]\nbind = \"0.0.0.0:80\"\nh2c_upgrade = true\n");
        Assert.StartsWith("edge.toml:3:15: listeners[0].h2c_upgrade: h2c_upgrade needs \"h2c\"", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jwt", "security \"jwt\" needs token issuers")]
    [InlineData("api_key", "security \"api_key\" needs keys")]
    [InlineData("basic", "security \"basic\" needs users")]
    [InlineData("mtls", "security \"mtls\" needs client certificates")]
    public void SecurityScheme_WithoutCredentialStore_Reported(string scheme, string message)
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api($"security = [\"{scheme}\"]\n"));
        Assert.StartsWith("edge.toml:11:12: apis[0].security: " + message, line, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityScheme_StoresConfigured_NoDiagnostics()
    {
        TestConfig.LoadOk(TestConfig.Minimal + """
            [[auth.api_keys]]
            name = "k"
            sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF"
            [[auth.basic_users]]
            name = "u"
            hash = "pbkdf2-sha256$600000$c2FsdA==$aGFzaA=="
            [auth.jwt]
            issuers = [{ issuer = "i", certificate = "i.pem" }]

            """ + Api("security = [\"jwt\", \"api_key\", \"basic\"]\n"));
    }

    [Fact]
    public void ApiConflict_SameHostsAndBasePath_ReportedNamingFirst()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api(name: "a") + Api(name: "b"));
        Assert.Equal("edge.toml:13:13: apis[1].base_path: base_path \"/a\" conflicts with apis[0] (line 7, column 1), which has the same hosts and base_path: expected a different base_path or hosts", line);
    }

    [Fact]
    public void ApiConflict_DifferentHosts_Allowed()
    {
        TestConfig.LoadOk(TestConfig.Minimal + Api("hosts = [\"a.example.com\"]\n", name: "a") + Api("hosts = [\"*.example.com\"]\n", name: "b"));
    }

    [Fact]
    public void RouteConflict_SameShapeDifferentParameterName_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + Api(
            "[[apis.resources]]\npath = \"/order/{a}\"\nmethods = [\"GET\", \"PUT\"]\n[[apis.resources]]\npath = \"/order/{b}\"\nmethods = [\"PUT\"]\n"));
        Assert.Equal("edge.toml:15:8: apis[0].resources[1].path: route PUT /a/order/{b} conflicts with apis[0].resources[0] (line 11, column 1): expected each host, path and method to map to one resource", line);
    }

    [Fact]
    public void RouteConflict_DisjointMethods_Allowed()
    {
        TestConfig.LoadOk(TestConfig.Minimal + Api(
            "[[apis.resources]]\npath = \"/order/{a}\"\nmethods = [\"GET\"]\n[[apis.resources]]\npath = \"/order/{b}\"\nmethods = [\"DELETE\"]\n"));
    }

    [Fact]
    public void RouteConflict_AcrossApisWithSameFullPath_Reported()
    {
        // "/a" + "/b/c" and "/a/b" + "/c" are the same route.
        var r = TestConfig.Load(TestConfig.Minimal +
            Api("[[apis.resources]]\npath = \"/b/c\"\n", name: "x", basePath: "/a") +
            Api("[[apis.resources]]\npath = \"/c\"\n", name: "y", basePath: "/a/b"));
        var line = Assert.Single(TestConfig.Lines(r));
        Assert.StartsWith("edge.toml:18:8: apis[1].resources[0].path: route * /a/b/c conflicts with apis[0].resources[0]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_HealthTimeoutNotBelowInterval_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "health = { path = \"/h\", interval = \"2s\", timeout = \"2s\" }\n");
        Assert.StartsWith("edge.toml:7:52: upstreams[0].health.timeout: health timeout 2s must be above zero and below the interval 2s", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_RequestLineAboveHead_Reported()
    {
        var line = TestConfig.LoadSingleError("[server.limits]\nrequest_head = \"4KiB\"\nrequest_line = \"8KiB\"\n");
        Assert.StartsWith("edge.toml:3:16: server.limits.request_line: request_line (8KiB) is larger than request_head (4KiB)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_ZeroConnectTimeout_Reported()
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "connect_timeout = \"0s\"\n");
        Assert.Equal("edge.toml:7:19: upstreams[0].connect_timeout: a zero duration is not allowed here: expected a positive duration (e.g. \"5s\")", line);
    }

    [Theory]
    [InlineData("body_timeout")]
    [InlineData("send_timeout")]
    public void Timeouts_ZeroBodyOrSendTimeout_Reported(string key)
    {
        var line = TestConfig.LoadSingleError($"[server.limits]\n{key} = \"0s\"\n");
        Assert.Equal($"edge.toml:2:{key.Length + 4}: server.limits.{key}: a zero duration is not allowed here: expected a positive duration (e.g. \"5s\")", line);
    }

    [Fact]
    public void Validation_DefaultedValue_ReportedAtItsTable()
    {
        // health.timeout defaults to 2s; with interval 1s the problem is reported where health is written.
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "health = { path = \"/h\", interval = \"1s\" }\n");
        Assert.StartsWith("edge.toml:7:10: upstreams[0].health.timeout:", line, StringComparison.Ordinal);
    }
}
