using System.Net.Sockets;
using System.Security.Authentication;

namespace Edge.Transport.Tls;

internal sealed partial class TlsConnection
{
    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                // A zero-byte read waits for the next record without holding a buffer: SslStream returns
                // its decryption buffer to the pool while it waits, and no pipe block is rented, so an
                // idle keep-alive TLS connection holds no memory block (as the plain connection).
                await _tls.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);

                var memory = writer.GetMemory(1);
                var received = await _tls.ReadAsync(memory).ConfigureAwait(false);
                if (received == 0)
                {
                    if (EndReason == TransportEndReason.None) EndReason = TransportEndReason.PeerClosed;
                    break;
                }
                writer.Advance(received);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled) break;
            }
        }
        catch (ObjectDisposedException)
        {
            // Our side closed the socket (abort or dispose); the reader already knows why.
            if (EndReason == TransportEndReason.None) EndReason = TransportEndReason.LocalClose;
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            // A reset, a socket error, or a corrupt/forged record (a MAC failure): the stream is unusable
            // either way. A socket we closed ourselves also surfaces here, wrapped in an IOException.
            var aborted = Volatile.Read(ref _aborted) != 0 || _closing;
            if (EndReason == TransportEndReason.None) EndReason = aborted ? TransportEndReason.LocalClose : TransportEndReason.PeerReset;
            if (!aborted) error = new ConnectionResetException((e.InnerException as SocketException)?.SocketErrorCode ?? SocketError.ConnectionReset);
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }
}
