using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Edge.Transport.Tls;

internal sealed partial class TlsConnection
{
    /// <summary>The largest TLS record payload (RFC 8446 §5.1): one write of this size is one record and one send.</summary>
    private const int MaxRecordPayload = 16 * 1024;

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        var halfClosed = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled) break;
                if (!buffer.IsEmpty) await WriteAsync(buffer).ConfigureAwait(false);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted) break;
            }
            if (Volatile.Read(ref _aborted) == 0)
            {
                // Everything the app wrote is sent: close_notify (RFC 8446 §6.1), so the peer can tell a
                // complete response from a truncated one, then FIN.
                await _tls.ShutdownAsync().ConfigureAwait(false);
                _socket.Shutdown(SocketShutdown.Send);
                halfClosed = true;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            if (EndReason == TransportEndReason.None) EndReason = TransportEndReason.PeerReset;
        }
        catch (ObjectDisposedException)
        {
            // Aborted while sending; nothing more can be delivered.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            // Wake a receive loop stuck on back-pressure so it sees the connection is gone. Not after a
            // graceful half-close: the peer may still be sending and the app still reading (a lingering
            // close discards a late request body; a tunnel carries the other direction to its end).
            if (!halfClosed) _input.Writer.CancelPendingFlush();
        }
    }

    /// <summary>
    /// One record per write: a single-segment flush (the usual response head + small body) is written
    /// as is; a multi-segment one is packed into pooled 16 KiB chunks first, so a head and its body go
    /// out as one record and one send instead of one per 4 KiB pipe block.
    /// </summary>
    private async ValueTask WriteAsync(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            await _tls.WriteAsync(buffer.First).ConfigureAwait(false);
            return;
        }
        var chunk = ArrayPool<byte>.Shared.Rent(MaxRecordPayload);
        try
        {
            while (!buffer.IsEmpty)
            {
                var length = (int)Math.Min(buffer.Length, MaxRecordPayload);
                buffer.Slice(0, length).CopyTo(chunk);
                await _tls.WriteAsync(chunk.AsMemory(0, length)).ConfigureAwait(false);
                buffer = buffer.Slice(length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
