using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// An HTTPS upstream on a loopback port, built on the BCL's SslStream (independent of Edge's TLS
/// code): serves <see cref="Certificate"/>, optionally requires a client certificate signed by
/// <see cref="ClientCa"/>, records each handshake's SNI and client certificate, and echoes every
/// request as JSON (keep-alive).
/// </summary>
internal sealed class TlsTestBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2? _clientCa;

    public TlsTestBackend(X509Certificate2 certificate, X509Certificate2? clientCa = null)
    {
        _certificate = certificate;
        _clientCa = clientCa;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(128);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }
    public string Url => $"https://127.0.0.1:{Port}";

    /// <summary>Completed handshakes: the SNI name received (null: none) and the client certificate subject (null: none).</summary>
    public ConcurrentQueue<(string? ServerName, string? ClientSubject)> Handshakes { get; } = new();

    /// <summary>Handshakes that failed on this side (e.g. Edge presented no client certificate).</summary>
    public int FailedHandshakes => Volatile.Read(ref _failed);

    public ConcurrentQueue<BackendRequest> Requests { get; } = new();

    private int _failed;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = _clientCa is not null,
                    RemoteCertificateValidationCallback = _clientCa is null ? null : (_, cert, _, _) => cert is not null && IsSignedByClientCa(cert),
                }, _stop.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failed);
                return;
            }
            var serverName = string.IsNullOrEmpty(tls.TargetHostName) ? null : tls.TargetHostName;
            var clientSubject = (tls.RemoteCertificate as X509Certificate2)?.Subject;
            Handshakes.Enqueue((serverName, clientSubject));
            var reader = new BackendReader(tls);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await reader.ReadRequestAsync(_stop.Token);
                    if (request is null) return;
                    Requests.Enqueue(request);
                    var json = $"{{\"tls\":true,\"sni\":{Q(serverName)},\"client\":{Q(clientSubject)},\"request\":{request.ToJson()}}}";
                    var body = Encoding.UTF8.GetBytes(json);
                    await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
                    await tls.WriteAsync(body);
                }
            }
            catch (Exception)
            {
                // Edge closed or reset the connection.
            }
        }
    }

    private bool IsSignedByClientCa(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_clientCa!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    private static string Q(string? s) => s is null ? "null" : "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping.
        }
    }
}
