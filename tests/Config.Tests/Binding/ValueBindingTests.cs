using Edge.Config.Model;
using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Binding;

/// <summary>Defaults and the less common value shapes bind to the expected model.</summary>
public sealed class ValueBindingTests
{
    [Fact]
    public void Bind_EmptyFile_UsesDefaults()
    {
        var c = TestConfig.LoadOk("");
        Assert.Equal(ServerConfig.Default, c.Server);
        Assert.Equal(ThrottleConfig.Default, c.Throttle);
        Assert.Equal(AuthConfig.Empty, c.Auth);
        Assert.Empty(c.Listeners);
    }

    [Fact]
    public void Bind_ServerOffValues_DisableAdminAndLog()
    {
        var c = TestConfig.LoadOk("[server]\nadmin = \"off\"\naccess_log = \"off\"\n");
        Assert.Null(c.Server.Admin);
        Assert.Equal(AccessLogDestination.Off, c.Server.AccessLog);
    }

    [Fact]
    public void Bind_AccessLogPath_IsFile()
    {
        var c = TestConfig.LoadOk("[server]\naccess_log = \"/var/log/edge.log\"\naccess_log_format = \"text\"\n");
        Assert.Equal(AccessLogDestination.File, c.Server.AccessLog);
        Assert.Equal("/var/log/edge.log", c.Server.AccessLogPath);
        Assert.Equal(AccessLogFormat.Text, c.Server.AccessLogFormat);
    }

    [Fact]
    public void Bind_ListenerDefaults_NameIsBindAndCapFromLimits()
    {
        var c = TestConfig.LoadOk("[server.limits]\nmax_connections = 50\n[[listeners]]\nbind = \"[::1]:8080\"\nip_allow = [\"10.0.0.0/8\", \"::1\"]\n");
        var l = c.Listeners[0];
        Assert.Equal("[::1]:8080", l.Name);
        Assert.Equal(50, l.MaxConnections);
        Assert.Equal(ValueList.Of(ListenerProtocol.Http1), l.Protocols);
        Assert.Equal(2, l.IpAllow.Count);
    }

    [Fact]
    public void Bind_BodyAndSendTimeout_DefaultTo60s()
    {
        var limits = TestConfig.LoadOk("[server.limits]\nheaders = 50\n").Server.Limits;
        Assert.Equal(Duration.FromSeconds(60), limits.BodyTimeout);
        Assert.Equal(Duration.FromSeconds(60), limits.SendTimeout);
    }

    [Fact]
    public void Bind_BodyAndSendTimeout_Bound()
    {
        var limits = TestConfig.LoadOk("[server.limits]\nbody_timeout = \"1500ms\"\nsend_timeout = \"2s\"\n").Server.Limits;
        Assert.Equal(new Duration(1500), limits.BodyTimeout);
        Assert.Equal(Duration.FromSeconds(2), limits.SendTimeout);
    }

    [Theory]
    [InlineData("", 1000)]
    [InlineData("h2_max_requests = 1\n", 1)]
    [InlineData("h2_max_requests = 100000000\n", 100_000_000)]
    public void Bind_H2MaxRequests(string line, int expected)
    {
        var limits = TestConfig.LoadOk("[server.limits]\nheaders = 50\n" + line).Server.Limits;
        Assert.Equal(expected, limits.H2MaxRequests);
    }

    [Theory]
    [InlineData("h2_max_requests = 0", "edge.toml:2:19: server.limits.h2_max_requests: 0 is out of range")]
    [InlineData("h2_max_requests = 100000001", "edge.toml:2:19: server.limits.h2_max_requests: 100000001 is out of range")]
    public void Bind_H2MaxRequests_OutOfRange(string line, string expected)
    {
        var error = TestConfig.LoadSingleError("[server.limits]\n" + line + "\n");
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Bind_UpstreamDefaults_MatchSchema()
    {
        var u = TestConfig.LoadOk(TestConfig.Minimal).Upstreams[0];
        Assert.Equal(BalancePolicy.RoundRobin, u.Balance);
        Assert.Equal(UpstreamProtocol.Http1, u.Protocol);
        Assert.Equal(HostHeaderMode.Endpoint, u.HostHeader);
        Assert.Equal(Duration.FromSeconds(5), u.ConnectTimeout);
        Assert.Equal(Duration.FromSeconds(30), u.ResponseTimeout);
        Assert.Equal(PoolConfig.Default, u.Pool);
        Assert.Equal(RetryConfig.Default, u.Retries);
        Assert.Null(u.Health);
        Assert.Null(u.Tls);
    }

    [Fact]
    public void Bind_HostHeaderLiteral_KeepsValue()
    {
        var u = TestConfig.LoadOk(TestConfig.Minimal + "host_header = \"api.example.com\"\n").Upstreams[0];
        Assert.Equal(HostHeaderMode.Literal, u.HostHeader);
        Assert.Equal("api.example.com", u.HostHeaderValue);
    }

    [Fact]
    public void Bind_ResourceOverrides_NullWhenInherited()
    {
        var c = TestConfig.LoadOk(TestConfig.Minimal + """
            [[apis]]
            name = "a"
            base_path = "/a"
            upstream = "coffee"
            [[apis.resources]]
            path = "/x"
            [[apis.resources]]
            path = "/y"
            security = ["none"]
            scopes = []
            body_limit = "1MiB"
            """);
        var inherit = c.Apis[0].Resources[0];
        Assert.Null(inherit.Security);
        Assert.Null(inherit.Scopes);
        Assert.Empty(inherit.Methods);
        var own = c.Apis[0].Resources[1];
        Assert.Equal(ValueList.Of(SecurityScheme.None), own.Security);
        Assert.Equal(ValueList<string>.Empty, own.Scopes);
        Assert.Equal(ByteSize.FromMiB(1), own.BodyLimit);
    }

    [Fact]
    public void Bind_RespondWithBodyAndHeaders_Binds()
    {
        var c = TestConfig.LoadOk(TestConfig.Minimal + """
            [[apis]]
            name = "a"
            base_path = "/a"
            [[apis.resources]]
            path = "/ping"
            respond = { status = 204, headers = { "X-Mock" = "1" }, body = "pong" }
            """);
        Assert.Equal(new RespondConfig(204, ValueList.Of(new NameValue("X-Mock", "1")), "pong", null), c.Apis[0].Resources[0].Respond);
    }

    [Theory]
    [InlineData("respond = { json = '{\"a\":' }", "edge.toml:15:20: apis[0].resources[0].respond.json: bad JSON \"{\"a\":\": invalid JSON:")]
    [InlineData("respond = { body = \"x\", json = '{}' }", "edge.toml:15:32: apis[0].resources[0].respond.json: both 'body' and 'json' are set: expected at most one of them")]
    [InlineData("respond = { status = 99 }", "edge.toml:15:22: apis[0].resources[0].respond.status: 99 is out of range: expected an integer from 100 to 599")]
    [InlineData("methods = [\"get\"]", "edge.toml:15:12: apis[0].resources[0].methods[0]: bad method \"get\": expected an upper-case HTTP method such as \"GET\" or \"POST\"")]
    [InlineData("security = [\"none\", \"jwt\"]", "edge.toml:15:12: apis[0].resources[0].security: \"none\" cannot be combined with other schemes: use [\"none\"] alone for anonymous access")]
    [InlineData("throttle = { tier = \"Gold\", key = \"cookie:x\" }", "edge.toml:15:35: apis[0].resources[0].throttle.key: bad throttle key \"cookie:x\": expected \"api\", \"resource\", \"ip\", \"header:NAME\", \"query:NAME\" or \"claim:NAME\", or several joined by \"+\" (e.g. \"claim:sub+ip\")")]
    [InlineData("throttle = { tier = \"Gold\", key = \"claim\" }", "edge.toml:15:35: apis[0].resources[0].throttle.key: bad throttle key \"claim\": \"claim\" needs a name, e.g. \"claim:x-client-id\"")]
    public void Bind_ResourceBadValue_ReportedAtValue(string line, string expectedPrefix)
    {
        var toml = TestConfig.Minimal + """
            [throttle.tiers]
            Gold = "1/s"
            [[apis]]
            name = "a"
            base_path = "/a"
            upstream = "coffee"
            [[apis.resources]]
            path = "/x"

            """ + line + "\n";
        Assert.StartsWith(expectedPrefix, TestConfig.LoadSingleError(toml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/order/{id}/x/{id}", "bad path template \"/order/{id}/x/{id}\": parameter 'id' appears twice")]
    [InlineData("/files/*/x", "bad path template \"/files/*/x\": \"*\" may only be the last segment")]
    [InlineData("order", "bad path template \"order\": expected a path starting with \"/\"")]
    public void Bind_BadResourcePath_ReportsReason(string path, string expectedMessagePrefix)
    {
        var toml = TestConfig.Minimal + "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"coffee\"\n[[apis.resources]]\npath = \"" + path + "\"\n";
        var line = TestConfig.LoadSingleError(toml);
        Assert.StartsWith("edge.toml:12:8: apis[0].resources[0].path: " + expectedMessagePrefix, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a/", "a trailing \"/\" is not allowed")]
    [InlineData("a", "expected a path starting with \"/\"")]
    [InlineData("/a//b", "expected a path starting with \"/\"")]
    public void Bind_BadBasePath_Reported(string basePath, string messagePart)
    {
        var line = TestConfig.LoadSingleError(TestConfig.Minimal + "[[apis]]\nname = \"a\"\nbase_path = \"" + basePath + "\"\nupstream = \"coffee\"\n");
        Assert.StartsWith("edge.toml:9:13: apis[0].base_path: bad base path", line, StringComparison.Ordinal);
        Assert.Contains(messagePart, line, StringComparison.Ordinal);
    }
}
