using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Edge.Upstream.Health;

/// <summary>
/// One active probe: a fresh socket (with the endpoint's TLS handshake for https://),
/// <c>GET path HTTP/1.1</c> with <c>Connection: close</c>, and the status line of the answer. A fresh
/// connection (not the pool) so a probe tests what a new request would meet — an upstream certificate
/// that no longer verifies fails the probe — and never competes with traffic for pooled connections.
/// Runs off the request path; it may allocate.
/// </summary>
internal static class HealthProbe
{
    public static async Task<bool> ProbeAsync(UpstreamEndpoint endpoint, string path, TimeSpan timeout, CancellationToken stopping)
    {
        if (endpoint.Address is not { } address) return false;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cts.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(address, cts.Token).ConfigureAwait(false);
            await using var stream = await OpenAsync(socket, endpoint, cts.Token).ConfigureAwait(false);
            var request = "GET " + endpoint.PathPrefixText + path + " HTTP/1.1\r\nHost: " + Encoding.ASCII.GetString(endpoint.HostHeader)
                + "\r\nUser-Agent: edge-health\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var filled = 0;
            // "HTTP/1.1 200" is 12 bytes; read until the status code is in.
            while (filled < 12)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(filled), cts.Token).ConfigureAwait(false);
                if (n == 0) return false;
                filled += n;
            }
            return IsGoodStatus(buffer.AsSpan(0, filled));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or ObjectDisposedException or AuthenticationException)
        {
            return false;
        }
    }

    private static async Task<Stream> OpenAsync(Socket socket, UpstreamEndpoint endpoint, CancellationToken cancellationToken)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        if (endpoint.Tls is not { } options) return network;
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return tls;
    }

    /// <summary>2xx or 3xx counts as healthy (a redirect means the service answered).</summary>
    internal static bool IsGoodStatus(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("HTTP/1."u8) || head.Length < 12 || head[8] != (byte)' ') return false;
        return head[9] is (byte)'2' or (byte)'3' && char.IsAsciiDigit((char)head[10]) && char.IsAsciiDigit((char)head[11]);
    }
}
