using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Upstream;

/// <summary>
/// HTTP/2 toward upstreams through real sockets: a real HTTP/2 backend (Node's http2 module, h2c and h2
/// over TLS), real clients (HttpClient over HTTP/1.1 and h2c, curl). Every client/backend pair: HTTP/1.1
/// → h1 and h2c → h1 run through the HTTP/1.1 forwarder (also covered by the Gateway and Http2 tests),
/// HTTP/1.1 → h2c and h2c → h2c through the HTTP/2 one. Skipped (passing) when node is missing.
/// </summary>
public sealed class Http2UpstreamTests
{
    private static string Config(string backendUrl, string protocol, string upstreamExtra = "") => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        protocols = ["http1", "h2c"]

        [[upstreams]]
        name = "backend"
        endpoints = ["{{backendUrl}}"]
        protocol = "{{protocol}}"
        {{upstreamExtra}}

        [[apis]]
        name = "echo"
        base_path = "/up"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """;

    private static HttpClient Client(EdgeTestServer edge, bool h2) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(edge.BaseUrl),
        DefaultRequestVersion = h2 ? HttpVersion.Version20 : HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_ToH2cBackend_HeadersMappedPerRfc9113(bool h2Client)
    {
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url(), "h2c"));
        using var client = Client(edge, h2Client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/up/echo/a?q=1")
        {
            Version = h2Client ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add("x-test", "yes");
        request.Headers.Add("Cookie", "a=1");
        if (!h2Client) request.Headers.Add("Keep-Alive", "timeout=5");

        using var response = await client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(h2Client ? HttpVersion.Version20 : HttpVersion.Version11, response.Version);
        Assert.Equal("2.0", body.GetProperty("version").GetString());
        Assert.Equal("/echo/a?q=1", body.GetProperty("path").GetString());
        Assert.Equal($"127.0.0.1:{backend.Port}", body.GetProperty("authority").GetString());
        var headers = body.GetProperty("headers");
        Assert.Equal("yes", headers.GetProperty("x-test").GetString());
        Assert.Equal("a=1", headers.GetProperty("cookie").GetString());
        Assert.Equal($"127.0.0.1:{edge.Port}", headers.GetProperty("x-forwarded-host").GetString());
        Assert.Equal(h2Client ? "2 edge" : "1.1 edge", headers.GetProperty("via").GetString());
        Assert.False(headers.TryGetProperty("keep-alive", out _));
        Assert.False(headers.TryGetProperty("connection", out _));
        Assert.False(headers.TryGetProperty("host", out _));
        Assert.Equal(1, edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].Http2Pool.OpenCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_ToH2cBackend_LargeBodiesCrossFlowControlWindows(bool h2Client)
    {
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url(), "h2c"));
        using var client = Client(edge, h2Client);
        var upload = new byte[700_000];
        new Random(5).NextBytes(upload);

        using var posted = await client.PostAsync("/up/echo/upload", new ByteArrayContent(upload));
        var echo = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
        var big = await client.GetByteArrayAsync("/up/big?n=2000000");

        Assert.Equal(upload.Length, echo.GetProperty("length").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(upload)), echo.GetProperty("sha256").GetString());
        Assert.Equal(upload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), echo.GetProperty("headers").GetProperty("content-length").GetString());
        Assert.Equal(2_000_000, big.Length);
        Assert.True(big.Select((b, i) => b == i % 251).All(x => x));
    }

    [Fact]
    public async Task H2cClient_ToH2cBackend_TrailersPassThrough()
    {
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url(), "h2c"));
        using var client = Client(edge, h2: true);

        using var response = await client.GetAsync("/up/trailers");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("body-before-trailers", text);
        Assert.Equal("abc123", response.TrailingHeaders.GetValues("x-checksum").Single());
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Http11Client_ToH2cBackend_TrailersAsChunkedTrailers_OnlyWithTeTrailers(bool teTrailers)
    {
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url(), "h2c"));

        var args = new List<string> { "--http1.1", "-s", "--raw", "-D", "-", $"{edge.BaseUrl}/up/trailers" };
        if (teTrailers) args.InsertRange(0, ["-H", "TE: trailers"]);
        var curl = await Curl.RunAsync([.. args]);

        Assert.Contains("transfer-encoding: chunked", curl.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("body-before-trailers", curl.Text, StringComparison.Ordinal);
        Assert.Equal(teTrailers, curl.Text.Contains("x-checksum: abc123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Curl_H2PriorKnowledge_ToH2cBackend_ManyConcurrentRequests_ShareOneConnection()
    {
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url(), "h2c"));
        using var client = Client(edge, h2: false);

        var bodies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetStringAsync($"/up/echo/{i}")));
        var curl = await Curl.RunAsync("--http2-prior-knowledge", "-s", $"{edge.BaseUrl}/up/echo/curl");

        Assert.All(bodies.Select((b, i) => (b, i)), x => Assert.Equal($"/echo/{x.i}", JsonDocument.Parse(x.b).RootElement.GetProperty("path").GetString()));
        Assert.Equal("/echo/curl", JsonDocument.Parse(curl.Text).RootElement.GetProperty("path").GetString());
        // 40 requests in flight at once fit in one connection's 100 concurrent streams.
        Assert.Equal(1, edge.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].Http2Pool.Created);
    }

    [Fact]
    public async Task RefusedStream_IsRetriedOnAnotherStream()
    {
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url(), "h2c"));
        using var client = Client(edge, h2: false);

        using var response = await client.PostAsync("/up/refuse-once", new StringContent(""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Auto_Cleartext_LearnsHttp1Backend_AndH2cBackend()
    {
        await using var h1 = new TestBackend();
        await using var h2 = await NodeServer.StartAsync(NodeScripts.Http2Backend, "h2c");
        if (h2 is null) return;
        await using var edgeH1 = await EdgeTestServer.StartAsync(Config(h1.Url, "auto"));
        await using var edgeH2 = await EdgeTestServer.StartAsync(Config(h2.Url(), "auto"));
        using var toH1 = Client(edgeH1, h2: false);
        using var toH2 = Client(edgeH2, h2: false);

        using var first = await toH1.GetAsync("/up/a");
        using var second = await toH1.GetAsync("/up/b");
        var viaH2 = JsonDocument.Parse(await toH2.GetStringAsync("/up/c")).RootElement;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // The h2c preface was tried once (the HTTP/1.1 backend saw "PRI *"), then HTTP/1.1 only.
        Assert.Equal(["/a", "/b"], h1.Requests.Select(r => r.Target).Where(t => t.StartsWith('/')).ToArray());
        Assert.True(edgeH1.Server.Snapshots.Current.Clusters["backend"].Endpoints[0].SpeaksOnlyHttp1);
        Assert.Equal("2.0", viaH2.GetProperty("version").GetString());
    }

    [Fact]
    public async Task H2c_ToHttp1OnlyBackend_Is503()
    {
        await using var h1 = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Config(h1.Url, "h2c"));
        using var client = Client(edge, h2: false);

        using var response = await client.GetAsync("/up/a");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("101503", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h2", false)]
    [InlineData("auto", false)]
    [InlineData("auto", true)]
    public async Task Tls_Alpn_H2Upstream(string protocol, bool backendAllowsHttp1)
    {
        var certs = TlsCertificates.Shared;
        var dir = Directory.CreateTempSubdirectory("edge-h2-tls").FullName;
        var certFile = Path.Combine(dir, "cert.pem");
        var keyFile = Path.Combine(dir, "key.pem");
        await File.WriteAllTextAsync(certFile, certs.BackendCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, (certs.BackendCertificate.GetRSAPrivateKey() as AsymmetricAlgorithm ?? certs.BackendCertificate.GetECDsaPrivateKey()!).ExportPkcs8PrivateKeyPem());
        await using var backend = await NodeServer.StartAsync(NodeScripts.Http2Backend, "tls", certFile, keyFile, backendAllowsHttp1 ? "allow-http1" : "h2-only");
        if (backend is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url("https"), protocol, $"tls = {{ ca = \"{certs.CaFile}\", sni = \"backend.test\" }}"));
        using var client = Client(edge, h2: false);

        var body = JsonDocument.Parse(await client.GetStringAsync("/up/tls")).RootElement;

        Assert.Equal("2.0", body.GetProperty("version").GetString());
        Assert.Equal("https", body.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Tls_H2_PeerWithoutH2_Is503()
    {
        await using var backend = new TlsTestBackend(TlsCertificates.Shared.BackendCertificate);
        var certs = TlsCertificates.Shared;
        await using var edge = await EdgeTestServer.StartAsync(Config(backend.Url, "h2", $"tls = {{ ca = \"{certs.CaFile}\", sni = \"backend.test\" }}"));
        using var client = Client(edge, h2: false);

        using var response = await client.GetAsync("/up/a");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
