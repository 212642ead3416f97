using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Edge.IntegrationTests.Kit;

/// <summary>.NET's own TLS client (SslStream, HttpClient) pointed at Edge on loopback, trusting the test CA only.</summary>
internal static class TlsClient
{
    public sealed record Handshake(X509Certificate2 ServerCertificate, SslApplicationProtocol Alpn, SslProtocols Protocol);

    /// <summary>
    /// One handshake with SNI <paramref name="serverName"/> (none when null); returns what the server
    /// presented and negotiated. Throws <see cref="AuthenticationException"/> or <see cref="IOException"/> when refused.
    /// </summary>
    public static async Task<Handshake> HandshakeAsync(int port, string? serverName, X509Certificate2? clientCertificate = null,
        List<SslApplicationProtocol>? alpn = null, SslProtocols protocols = SslProtocols.None)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        X509Certificate2? served = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            // An IP literal sends no SNI (RFC 6066), which is how "no server name" is tested.
            TargetHost = serverName ?? "127.0.0.1",
            ApplicationProtocols = alpn ?? [SslApplicationProtocol.Http11],
            EnabledSslProtocols = protocols,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                served = cert is null ? null : new X509Certificate2(cert);
                return true;
            },
        }, timeout.Token);
        if (clientCertificate is not null)
        {
            // TLS 1.3: the server judges the client certificate after the client thinks the handshake is
            // done; a refusal arrives as an alert on the first read. Read once to surface it.
            tls.ReadTimeout = 5000;
            await tls.WriteAsync("GET /mock/ping HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[1];
            if (await tls.ReadAsync(buffer, timeout.Token) == 0) throw new IOException("the server closed the connection");
        }
        return new Handshake(served!, tls.NegotiatedApplicationProtocol, tls.SslProtocol);
    }

    /// <summary>
    /// An HttpClient for <c>https://HOST:PORT</c> URLs that connects to 127.0.0.1 whatever the host (so
    /// SNI and the name check use the URL's host) and trusts only <paramref name="ca"/>.
    /// </summary>
    public static HttpClient CreateHttpClient(int port, X509Certificate2 ca, X509Certificate2? clientCertificate = null) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = TrustOnly(ca),
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                // Offer it without being asked twice: HttpClient otherwise only sends a certificate the server's CA list names.
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            },
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static X509ChainPolicy TrustOnly(X509Certificate2 ca)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(ca);
        return policy;
    }
}
