using Edge.Policies;

namespace Edge.Tests.Policies;

public sealed class CorsPolicyTests
{
    private static CorsPolicy Policy(string[]? origins = null, string[]? methods = null, string[]? headers = null, string[]? expose = null, bool credentials = false) =>
        new(origins ?? ["https://app.example"], methods ?? ["GET", "PUT"], headers ?? ["Authorization", "Content-Type"], expose ?? [], credentials, TimeSpan.FromMinutes(10));

    private static Edge.Http.Exchange Preflight(string origin, string method, string? headers = null) =>
        PolicyKit.Request("OPTIONS /a/x", headers is null
            ? ["Origin: " + origin, "Access-Control-Request-Method: " + method]
            : ["Origin: " + origin, "Access-Control-Request-Method: " + method, "Access-Control-Request-Headers: " + headers]);

    [Fact]
    public void Preflight_Allowed_GetsEveryField()
    {
        var exchange = Preflight("https://app.example", "PUT", "authorization, content-type");

        Assert.True(CorsPolicy.IsPreflight(exchange.Request, out var method));
        Assert.Equal("PUT", System.Text.Encoding.ASCII.GetString(method));
        Assert.True(Policy(credentials: true).TryAllowPreflight(exchange));

        var f = exchange.ResponseFields;
        Assert.Equal("https://app.example", PolicyKit.Added(f, "Access-Control-Allow-Origin"));
        Assert.Equal("true", PolicyKit.Added(f, "Access-Control-Allow-Credentials"));
        Assert.Equal("GET, PUT", PolicyKit.Added(f, "Access-Control-Allow-Methods"));
        Assert.Equal("Authorization, Content-Type", PolicyKit.Added(f, "Access-Control-Allow-Headers"));
        Assert.Equal("600", PolicyKit.Added(f, "Access-Control-Max-Age"));
        Assert.Contains("Origin", PolicyKit.Added(f, "Vary"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example", "PUT", null)]
    [InlineData("https://app.example", "DELETE", null)]
    [InlineData("https://app.example", "PUT", "x-secret")]
    [InlineData("https://app.example.evil", "PUT", null)]
    [InlineData("null", "PUT", null)]
    public void Preflight_Refused_HasNoCorsFields(string origin, string method, string? headers)
    {
        var exchange = Preflight(origin, method, headers);

        Assert.False(Policy().TryAllowPreflight(exchange));
        Assert.Equal("(absent)", PolicyKit.Added(exchange.ResponseFields, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public void Preflight_OriginIsCaseInsensitive_AndEchoedAsConfigured()
    {
        var exchange = Preflight("HTTPS://APP.EXAMPLE", "GET");

        Assert.True(Policy(origins: ["https://App.Example"]).TryAllowPreflight(exchange));
        Assert.Equal("https://app.example", PolicyKit.Added(exchange.ResponseFields, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public void Wildcards_AnyOriginAnyHeader_NoMethodList()
    {
        var exchange = Preflight("https://anyone.example", "PATCH", "X-Custom");

        Assert.True(Policy(origins: ["*"], methods: [], headers: ["*"]).TryAllowPreflight(exchange));
        Assert.Equal("*", PolicyKit.Added(exchange.ResponseFields, "Access-Control-Allow-Origin"));
        Assert.Equal("PATCH", PolicyKit.Added(exchange.ResponseFields, "Access-Control-Allow-Methods"));
        Assert.Equal("X-Custom", PolicyKit.Added(exchange.ResponseFields, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public void AnyOriginWithCredentials_IsRefusedAtBuild() =>
        Assert.Throws<ArgumentException>(() => Policy(origins: ["*"], credentials: true));

    [Fact]
    public void ActualRequest_AllowedOrigin_GetsFields_UpstreamCorsFieldsAreReplaced()
    {
        var exchange = PolicyKit.Request("GET /a/x", "Origin: https://app.example");

        Policy(expose: ["X-Request-Id"], credentials: true).ApplyToActualRequest(exchange);

        var f = exchange.ResponseFields;
        Assert.Equal("https://app.example", PolicyKit.Added(f, "Access-Control-Allow-Origin"));
        Assert.Equal("true", PolicyKit.Added(f, "Access-Control-Allow-Credentials"));
        Assert.Equal("X-Request-Id", PolicyKit.Added(f, "Access-Control-Expose-Headers"));
        Assert.Equal("Origin", PolicyKit.Added(f, "Vary"));
        Assert.True(PolicyKit.Removed(f, "access-control-allow-origin"));
    }

    [Fact]
    public void ActualRequest_OtherOrigin_GetsNoAllowOrigin()
    {
        var exchange = PolicyKit.Request("GET /a/x", "Origin: https://evil.example");

        Policy().ApplyToActualRequest(exchange);

        Assert.Equal("(absent)", PolicyKit.Added(exchange.ResponseFields, "Access-Control-Allow-Origin"));
        Assert.True(PolicyKit.Removed(exchange.ResponseFields, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public void NotAPreflight_WithoutRequestMethod()
    {
        Assert.False(CorsPolicy.IsPreflight(PolicyKit.Request("OPTIONS /a/x", "Origin: https://app.example").Request, out _));
        Assert.False(CorsPolicy.IsPreflight(PolicyKit.Request("GET /a/x", "Origin: https://app.example", "Access-Control-Request-Method: GET").Request, out _));
    }
}
