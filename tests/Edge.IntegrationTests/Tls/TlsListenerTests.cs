using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Tls;

/// <summary>
/// TLS listeners with real clients: .NET's SslStream and HttpClient, curl, and openssl s_client —
/// SNI certificate selection, ALPN, TLS 1.2/1.3 only, and the handshake deadline.
/// </summary>
public sealed class TlsListenerTests
{
    private static TlsCertificates Certs => TlsCertificates.Shared;

    private static Task<EdgeTestServer> StartAsync(string limits = "") =>
        EdgeTestServer.StartAsync(TlsCertificates.ListenerConfig(Certs.SniTls(), limits: limits));

    [Fact]
    public async Task HttpClient_OverTls_GetsTheResponse()
    {
        await using var edge = await StartAsync();
        using var client = TlsClient.CreateHttpClient(edge.Port, Certs.Ca);

        using var response = await client.GetAsync($"https://a.test:{edge.Port}/mock/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
        Assert.Contains("listening on https://127.0.0.1:", edge.Log, StringComparison.Ordinal);
        Assert.Equal(1, edge.Server.TlsCounters("secure")!.Succeeded);
    }

    [Theory]
    [InlineData("a.test", "CN=a.test, O=Edge Tests")]
    [InlineData("A.Test", "CN=a.test, O=Edge Tests")]
    [InlineData("x.wild.test", "CN=*.wild.test, O=Edge Tests")]
    [InlineData("a.b.wild.test", "CN=default.test, O=Edge Tests")]   // the wildcard covers one label only
    [InlineData("wild.test", "CN=default.test, O=Edge Tests")]
    [InlineData("unknown.test", "CN=default.test, O=Edge Tests")]
    [InlineData(null, "CN=default.test, O=Edge Tests")]              // no SNI at all
    public async Task Sni_SelectsTheCertificate(string? serverName, string expectedSubject)
    {
        await using var edge = await StartAsync();

        var handshake = await TlsClient.HandshakeAsync(edge.Port, serverName);

        Assert.Equal(expectedSubject, handshake.ServerCertificate.Subject);
        Assert.Equal(SslApplicationProtocol.Http11, handshake.Alpn);
    }

    [Fact]
    public async Task Sni_NoDefaultCertificate_UnknownNameIsRefused()
    {
        var tls = $"{{ certificates = [{{ cert = \"{Certs.A.Cert}\", key = \"{Certs.A.Key}\", hosts = [\"a.test\"] }}] }}";
        await using var edge = await EdgeTestServer.StartAsync(TlsCertificates.ListenerConfig(tls));

        Assert.Equal("CN=a.test, O=Edge Tests", (await TlsClient.HandshakeAsync(edge.Port, "a.test")).ServerCertificate.Subject);
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClient.HandshakeAsync(edge.Port, "b.test"));

        await Eventually.TrueAsync(() => edge.Log.Contains("no certificate for server name \"b.test\"", StringComparison.Ordinal));
        Assert.Equal(1, edge.Server.TlsCounters("secure")!.Failed);
    }

    [Fact]
    public async Task Curl_WithCaCertAndResolve_VerifiesAndNegotiatesHttp11()
    {
        await using var edge = await StartAsync();

        var result = await Curl.RunAsync("-sS", "-v", "--cacert", Certs.CaFile, "--resolve", $"a.test:{edge.Port}:127.0.0.1",
            $"https://a.test:{edge.Port}/mock/ping");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("pong", result.Text);
        // curl offers h2 and http/1.1; the listener serves HTTP/1.1 only, so that is what ALPN picks.
        Assert.Contains("ALPN: server accepted http/1.1", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("host \"a.test\" matched cert's \"a.test\"", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_WrongName_FailsVerification()
    {
        await using var edge = await StartAsync();

        // SNI other.test gets the default certificate (default.test), which does not name other.test.
        var result = await Curl.RunAsync("-sS", "--cacert", Certs.CaFile, "--resolve", $"other.test:{edge.Port}:127.0.0.1",
            $"https://other.test:{edge.Port}/mock/ping");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("other.test", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http/1.1", "ALPN protocol: http/1.1")]
    [InlineData("h2,http/1.1", "ALPN protocol: http/1.1")]
    public async Task OpenSsl_Alpn_SelectsHttp11(string offered, string expected)
    {
        await using var edge = await StartAsync();

        var result = await OpenSsl.SClientAsync(edge.Port, "", "-servername", "a.test", "-alpn", offered, "-CAfile", Certs.CaFile);

        Assert.Contains(expected, result.All, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSsl_OnlyH2Offered_NoApplicationProtocolAlert()
    {
        await using var edge = await StartAsync();

        var result = await OpenSsl.SClientAsync(edge.Port, "", "-servername", "a.test", "-alpn", "h2");

        // HTTP/2 is not served yet: RFC 7301 §3.2, no protocol in common is a fatal no_application_protocol alert.
        Assert.Contains("no application protocol", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("ALPN protocol: h2", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_2", @"New, TLSv1\.2, Cipher is ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)")]
    [InlineData("-tls1_3", @"New, TLSv1\.3, Cipher is TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)")]
    public async Task OpenSsl_Tls12And13_AreServedWithAeadSuites(string flag, string expected)
    {
        await using var edge = await StartAsync();

        var result = await OpenSsl.SClientAsync(edge.Port, "", flag, "-servername", "a.test");

        Assert.Matches(expected, result.All);
        Assert.Equal(1, edge.Server.TlsCounters("secure")!.Succeeded);
    }

    [Fact]
    public async Task OpenSsl_Tls12SessionResumption_Works()
    {
        await using var edge = await StartAsync();

        // -reconnect: one full handshake, then five that resume the session.
        var result = await OpenSsl.SClientAsync(edge.Port, "", "-tls1_2", "-servername", "a.test", "-reconnect");

        Assert.Contains("Reused, TLSv1.2", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSsl_Tls13TicketResumption_Works()
    {
        await using var edge = await StartAsync();
        var session = Path.Combine(Path.GetTempPath(), $"edge-tls13-{Guid.NewGuid():N}.pem");
        const string Request = "GET /mock/ping HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n";
        try
        {
            // A TLS 1.3 ticket arrives after the handshake, so the first connection has to read (a request) to get it.
            var first = await OpenSsl.SClientAsync(edge.Port, Request, "-tls1_3", "-servername", "a.test", "-ign_eof", "-sess_out", session);
            var second = await OpenSsl.SClientAsync(edge.Port, Request, "-tls1_3", "-servername", "a.test", "-ign_eof", "-sess_in", session);

            Assert.Contains("New, TLSv1.3", first.All, StringComparison.Ordinal);
            Assert.Contains("Reused, TLSv1.3", second.All, StringComparison.Ordinal);
            Assert.Contains("pong", second.All, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(session);
        }
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-SHA256", "is outside the policy")]   // CBC: negotiated by OpenSSL, refused by Edge's check
    [InlineData("ECDHE-ECDSA-AES256-SHA", "TLS handshake")]              // CBC with SHA-1: not even negotiated by the runtime
    public async Task OpenSsl_Tls12SuiteOutsideThePolicy_IsRefused(string suite, string logged)
    {
        await using var edge = await StartAsync();

        var result = await OpenSsl.SClientAsync(edge.Port, "", "-tls1_2", "-cipher", suite, "-servername", "a.test");
        var curl = await Curl.RunAsync("-sS", "-k", "--tls-max", "1.2", "--ciphers", suite, "--resolve", $"a.test:{edge.Port}:127.0.0.1",
            $"https://a.test:{edge.Port}/mock/ping");

        // Checked after negotiation (see TlsPolicy): the connection is closed before any request is read.
        Assert.NotEqual(0, curl.ExitCode);
        Assert.Empty(curl.StdOut);
        await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.Failed == 2);
        Assert.Contains(logged, edge.Log, StringComparison.Ordinal);
        Assert.Equal(0, edge.Server.TlsCounters("secure")!.Succeeded);
        Assert.DoesNotContain("HTTP/1.1", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public async Task OpenSsl_OldProtocols_AreRefused(string flag)
    {
        await using var edge = await StartAsync();

        // SECLEVEL=0 lets the local openssl send a TLS 1.0/1.1 ClientHello at all, so the refusal is Edge's.
        var result = await OpenSsl.SClientAsync(edge.Port, "", flag, "-cipher", "DEFAULT@SECLEVEL=0", "-servername", "a.test");

        Assert.Contains("alert protocol version", result.All, StringComparison.Ordinal);
        Assert.Contains("Cipher is (NONE)", result.All, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.Failed == 1);
    }

    [Fact]
    public async Task DotNet_Tls11_IsRefused()
    {
        await using var edge = await StartAsync();

#pragma warning disable SYSLIB0039 // TLS 1.1 on purpose: the server must refuse it.
        var refused = await Record.ExceptionAsync(() => TlsClient.HandshakeAsync(edge.Port, "a.test", protocols: SslProtocols.Tls11));
#pragma warning restore SYSLIB0039

        Assert.True(refused is AuthenticationException or IOException, refused?.ToString());
    }

    [Fact]
    public async Task HandshakeStall_IsClosedAtTheHeaderTimeout()
    {
        await using var edge = await StartAsync(limits: "header_timeout = \"1s\"");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, edge.Port);

        // Half a ClientHello header, then silence (SECURITY.md case 41).
        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01 });
        var buffer = new byte[64];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);

        Assert.Equal(0, read);
        var counters = edge.Server.TlsCounters("secure")!;
        await Eventually.TrueAsync(() => counters.TimedOut == 1);
        Assert.Contains("not completed within 1 s", edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpOnTlsPort_IsRefused()
    {
        await using var edge = await StartAsync();
        using var client = edge.Connect();

        await client.SendAsync("GET /mock/ping HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.True(await client.IsClosedAsync(15000));
        Assert.DoesNotContain("pong", client.Pending, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => edge.Server.TlsCounters("secure")!.Failed == 1);
    }
}
