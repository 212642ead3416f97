using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Http2;

/// <summary>The HTTP/2 tests' gateway: an h2c + http1 listener (or TLS with h2 + http1), /mock answered by Edge, /echo forwarded.</summary>
internal static class Http2Gateway
{
    public const string Routes = EchoRoutes + """

        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/*"
          respond = { status = 200, json = '{"ok":true}' }
        """;

    private const string EchoRoutes = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "echo"
        base_path = "/echo"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """;

    /// <summary>A cleartext listener speaking HTTP/1.1 and h2c with prior knowledge.</summary>
    public static string H2cConfig(string limits = "", string listenerKeys = "") => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"
        drain_timeout = "5s"
        {{(limits.Length > 0 ? "[server.limits]\n" + limits : "")}}

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        protocols = ["http1", "h2c"]
        {{listenerKeys}}

        {{Routes}}
        """;

    public static Task<EdgeTestServer> StartH2cAsync(TestBackend backend, string limits = "", string listenerKeys = "") =>
        EdgeTestServer.StartAsync(H2cConfig(limits, listenerKeys), backend.Url);

    /// <summary>A TLS listener offering ALPN h2 then http/1.1.</summary>
    public static Task<EdgeTestServer> StartTlsAsync(TestBackend backend)
    {
        var certs = TlsCertificates.Shared;
        var config = TlsCertificates.ListenerConfig(certs.SniTls(), extra: EchoRoutes)
            .Replace("tls = {", "protocols = [\"h2\", \"http1\"]\ntls = {", StringComparison.Ordinal);
        return EdgeTestServer.StartAsync(config, backend.Url);
    }

    /// <summary>An HttpClient that speaks only HTTP/2 (prior knowledge for http://, ALPN h2 for https://).</summary>
    public static HttpClient CreateH2Client(EdgeTestServer edge) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(edge.BaseUrl),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestVersion = System.Net.HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
