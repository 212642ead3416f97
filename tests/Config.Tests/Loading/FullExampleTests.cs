using Edge.Config.Model;

namespace Edge.Config.Tests.Loading;

/// <summary>The DESIGN.md §3 example (extended) loads cleanly and binds to the expected values.</summary>
public sealed class FullExampleTests
{
    internal const string Example = """
        [server]
        admin = "127.0.0.1:9901"          # /health /ready /metrics /config /revocations
        access_log = "stdout"             # off | stdout | path
        [server.limits]
        body = "20MiB"
        headers = 64
        [[listeners]]
        bind = "0.0.0.0:8080"
        protocols = ["http1", "h2c"]
        [[listeners]]
        bind = "0.0.0.0:8443"
        protocols = ["h2", "http1"]       # ALPN order
        tls = { cert = "certs/edge.pem", key = "certs/edge.key", client_auth = "optional", client_ca = "certs/ca.pem" }
        [[upstreams]]
        name = "coffee"
        endpoints = ["http://127.0.0.1:9001", { url = "http://127.0.0.1:9002", weight = 3 }]
        failover = ["http://127.0.0.1:9003"]
        balance = "least_requests"        # round_robin | least_requests | random_two
        protocol = "auto"                 # http1 | h2c | h2 | auto
        health = { path = "/healthz", interval = "5s" }
        retries = { count = 1, budget = 0.1 }
        [[upstreams]]
        name = "tea"
        endpoints = ["https://tea.internal:8443/v2"]
        [auth.jwt]
        issuers = [{ issuer = "https://km.example.com", jwks = "keys/jwks.json", audiences = ["edge"] }]
        revoked = "revoked.txt"           # lines: <jti> <exp-unix-seconds>
        [[auth.basic_users]]
        name = "admin"
        hash = "pbkdf2-sha256$100000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNo"
        [throttle.tiers]
        Gold = "5000/min"
        Bronze = "1000/min"
        Free = { rate = "10/s", burst = 20 }
        Staff = "Unlimited"
        [[apis]]
        name = "coffeebar"
        base_path = "/coffeebar/v1"
        upstream = "coffee"
        security = ["jwt", "basic"]       # jwt | basic | api_key | mtls | none
        throttle = { tier = "Gold", key = "claim:sub" }
          [[apis.resources]]
          path = "/order/{orderId}"
          methods = ["GET"]
          scopes = ["read:order"]
          [[apis.resources]]
          path = "/order/{orderId}"
          methods = ["DELETE"]
          upstream = "tea"
          [[apis.resources]]
          path = "/menu"
          methods = ["GET"]
          respond = { status = 200, json = '{"items":["espresso"]}' }   # direct (mock) response
        [[apis]]
        name = "public"
        base_path = "/"
        hosts = ["*.example.com"]
        upstream = "tea"
        throttle = [{ tier = "Bronze", key = "ip" }, { tier = "Free", key = "header:x-app+ip" }]
        """;

    [Fact]
    public void Load_DesignExample_HasNoDiagnostics()
    {
        var r = TestConfig.Load(Example);
        Assert.Empty(TestConfig.Lines(r));
        Assert.NotNull(r.Config);
    }

    [Fact]
    public void Load_DesignExample_BindsExpectedValues()
    {
        var c = TestConfig.LoadOk(Example);

        Assert.Equal(new EndpointAddress("127.0.0.1", 9901), c.Server.Admin);
        Assert.Equal(AccessLogDestination.Stdout, c.Server.AccessLog);
        Assert.Equal(ByteSize.FromMiB(20), c.Server.Limits.Body);
        Assert.Equal(64, c.Server.Limits.Headers);
        Assert.Equal(ByteSize.FromKiB(32), c.Server.Limits.RequestHead);

        Assert.Equal(2, c.Listeners.Count);
        Assert.Equal("0.0.0.0:8080", c.Listeners[0].Name);
        Assert.Equal(ValueList.Of(ListenerProtocol.Http1, ListenerProtocol.H2c), c.Listeners[0].Protocols);
        Assert.Equal(ClientAuthMode.Optional, c.Listeners[1].Tls!.ClientAuth);
        Assert.Equal(10_000, c.Listeners[1].MaxConnections);

        var coffee = c.Upstreams[0];
        Assert.Equal(BalancePolicy.LeastRequests, coffee.Balance);
        Assert.Equal(UpstreamProtocol.Auto, coffee.Protocol);
        Assert.Equal(new UpstreamEndpointConfig(new UpstreamUrl("http", "127.0.0.1", 9002, ""), 3), coffee.Endpoints[1]);
        Assert.Equal(new HealthCheckConfig("/healthz", Duration.FromSeconds(5), Duration.FromSeconds(2), 2, 3), coffee.Health);
        Assert.Equal(new RetryConfig(1, 0.1, false), coffee.Retries);
        Assert.Equal(new UpstreamUrl("https", "tea.internal", 8443, "/v2"), c.Upstreams[1].Endpoints[0].Url);

        Assert.Equal("https://km.example.com", c.Auth.Jwt!.Issuers[0].Name);
        Assert.Equal(Duration.FromSeconds(60), c.Auth.Jwt.ClockSkew);

        Assert.Equal(
            ValueList.Of(
                new TierConfig("Gold", new Rate(5000, new Duration(60_000)), 5000),
                new TierConfig("Bronze", new Rate(1000, new Duration(60_000)), 1000),
                new TierConfig("Free", new Rate(10, new Duration(1000)), 20),
                new TierConfig("Staff", null, 0)),
            c.Throttle.Tiers);

        var api = c.Apis[0];
        Assert.Equal(ValueList.Of(SecurityScheme.Jwt, SecurityScheme.Basic), api.Security);
        Assert.Equal(ValueList.Of(new ThrottlePolicyConfig("Gold", ValueList.Of(new ThrottleKeyPart(ThrottleKeyKind.Claim, "sub")))), api.Throttle);
        Assert.Equal(3, api.Resources.Count);
        Assert.Equal(new RespondConfig(200, default, null, "{\"items\":[\"espresso\"]}"), api.Resources[2].Respond);
        Assert.Equal(ValueList.Of(SecurityScheme.None), c.Apis[1].Security);
        Assert.Equal(2, c.Apis[1].Throttle.Count);
        Assert.Equal(ValueList.Of(new ThrottleKeyPart(ThrottleKeyKind.Header, "x-app"), new ThrottleKeyPart(ThrottleKeyKind.Ip, null)), c.Apis[1].Throttle[1].Key);
    }

    [Fact]
    public void Load_DesignExample_SummaryCountsEverything()
    {
        var r = TestConfig.Load(Example);
        Assert.Equal("edge.toml: ok — 2 listeners, 2 upstreams, 2 apis, 3 resources, 4 tiers", r.Summary);
    }

    [Fact]
    public void Load_SameFileTwice_ConfigsAreEqual()
    {
        // Reload diffs configs by Equals: an unchanged file must give an equal config (and hash).
        var a = TestConfig.LoadOk(Example);
        var b = TestConfig.LoadOk(Example);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Load_BlockMovedByBlankLines_ConfigsAreEqual()
    {
        // Positions are kept out of the model, so moving text around is not a change.
        var a = TestConfig.LoadOk(Example);
        var b = TestConfig.LoadOk("\n\n# moved\n" + Example);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Load_OneValueChanged_ConfigsDiffer()
    {
        var a = TestConfig.LoadOk(Example);
        var b = TestConfig.LoadOk(Example.Replace("\"5s\"", "\"6s\"", StringComparison.Ordinal));
        Assert.NotEqual(a, b);
        Assert.Equal(a.Apis, b.Apis);
        Assert.NotEqual(a.Upstreams[0], b.Upstreams[0]);
        Assert.Equal(a.Upstreams[1], b.Upstreams[1]);
    }
}
