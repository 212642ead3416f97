using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Edge.Transport.Tls;

/// <summary>
/// Runs the TLS handshake on an accepted or connected socket and wraps the result in a
/// <see cref="TlsConnection"/>. Server side: the certificate and every other option are chosen per
/// ClientHello from the listener's current settings (SNI), under the listener's handshake deadline;
/// failures are counted and logged (rate-limited) and the socket is closed. Upstream side: the caller's
/// deadline applies and failures are thrown for the forwarder to turn into a 503.
/// </summary>
internal static class TlsHandshake
{
    /// <summary>The connection, or null when the handshake failed (already counted, logged and disposed; the caller closes the socket).</summary>
    public static async ValueTask<TlsConnection?> AcceptAsync(Socket socket, TlsListenerState listener)
    {
        var settings = listener.Settings;
        var tls = new TlsStream(new NetworkStream(socket, ownsSocket: false));
        using var deadline = new CancellationTokenSource(listener.HandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(SelectOptions, settings, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            var timedOut = deadline.IsCancellationRequested;
            listener.Counters.RecordFailure(timedOut);
            listener.Log?.Write($"edge: TLS handshake failed on {listener.Name} from {socket.RemoteEndPoint}: {Reason(e, tls, timedOut, listener.HandshakeTimeout)}");
            await tls.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        if (!TlsPolicy.IsAllowed(tls.SslProtocol, tls.NegotiatedCipherSuite))
        {
            listener.Counters.RecordFailure(timedOut: false);
            listener.Log?.Write($"edge: TLS handshake refused on {listener.Name} from {socket.RemoteEndPoint}: cipher suite {tls.NegotiatedCipherSuite} is outside the policy (ECDHE with AES-GCM or ChaCha20-Poly1305)");
            await tls.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        listener.Counters.RecordSuccess();
        var info = new TlsConnectionInfo(tls.SslProtocol, tls.NegotiatedApplicationProtocol, tls.NegotiatedCipherSuite,
            string.IsNullOrEmpty(tls.TargetHostName) ? null : tls.TargetHostName, tls.RemoteCertificate as System.Security.Cryptography.X509Certificates.X509Certificate2);
        var connection = new TlsConnection(socket, tls, info);
        connection.Start();
        return connection;
    }

    /// <summary>
    /// The upstream side: authenticates the server with <paramref name="options"/> (trust, SNI, ALPN,
    /// client certificate). Throws <see cref="TlsHandshakeException"/> with the reason, or
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires; the socket
    /// is the caller's to close on failure.
    /// </summary>
    public static async ValueTask<TlsConnection> ConnectAsync(Socket socket, SslClientAuthenticationOptions options, CancellationToken cancellationToken)
    {
        var tls = new TlsStream(new NetworkStream(socket, ownsSocket: false));
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new TlsHandshakeException(Reason(e, tls, timedOut: false, TimeSpan.Zero), e);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var info = new TlsConnectionInfo(tls.SslProtocol, tls.NegotiatedApplicationProtocol, tls.NegotiatedCipherSuite,
            string.IsNullOrEmpty(options.TargetHost) ? null : options.TargetHost, tls.RemoteCertificate as System.Security.Cryptography.X509Certificates.X509Certificate2);
        var connection = new TlsConnection(socket, tls, info);
        connection.Start();
        return connection;
    }

    /// <summary>Per ClientHello: the options of the certificate that covers its SNI name, or a refusal.</summary>
    private static readonly ServerOptionsSelectionCallback SelectOptions = static (stream, hello, state, _) =>
    {
        var settings = (TlsServerSettings)state!;
        if (settings.Select(hello.ServerName) is { } options) return ValueTask.FromResult(options);
        var detail = string.IsNullOrEmpty(hello.ServerName)
            ? "the client sent no server name (SNI) and the listener has no default certificate"
            : $"no certificate for server name \"{hello.ServerName}\" and no default certificate";
        if (stream is TlsStream tls) tls.FailureDetail = detail;
        throw new AuthenticationException(detail);
    };

    /// <summary>Why a handshake failed, in words an operator can act on.</summary>
    internal static string Reason(Exception e, TlsStream tls, bool timedOut, TimeSpan timeout)
    {
        if (timedOut) return $"not completed within {timeout.TotalSeconds:0.###} s";
        if (tls.FailureDetail is { } detail) return detail;
        if (e is IOException && e.InnerException is null or SocketException) return "the peer closed the connection during the handshake";
        // The innermost message carries OpenSSL's reason (e.g. "unsupported protocol", "no shared cipher").
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message;
    }
}
