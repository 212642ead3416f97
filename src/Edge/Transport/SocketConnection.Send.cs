using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Edge.Transport;

internal sealed partial class SocketConnection
{
    private readonly List<ArraySegment<byte>> _sendSegments = new(4);

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
                if (!buffer.IsEmpty) await SendAllAsync(buffer).ConfigureAwait(false);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted) break;
            }
            // Everything the app wrote has been sent: signal end of stream to the peer (FIN).
            if (Volatile.Read(ref _aborted) == 0)
            {
                _socket.Shutdown(SocketShutdown.Send);
                halfClosed = true;
            }
        }
        catch (SocketException)
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

    /// <summary>One send per flush: a multi-segment buffer goes out with one gathered send (writev).</summary>
    private async ValueTask SendAllAsync(ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int sent;
            if (buffer.IsSingleSegment)
            {
                sent = await _sendArgs.SendAsync(_socket, buffer.First).ConfigureAwait(false);
            }
            else
            {
                _sendSegments.Clear();
                foreach (var segment in buffer)
                {
                    if (!MemoryMarshal.TryGetArray(segment, out var array))
                        throw new InvalidOperationException("pipe segments must be array-backed");
                    _sendSegments.Add(array);
                    if (_sendSegments.Count == 64) break; // IOV_MAX is far larger; 64 blocks = 256 KiB per call
                }
                sent = await _sendArgs.SendAsync(_socket, _sendSegments).ConfigureAwait(false);
            }
            if (sent <= 0) throw new SocketException((int)SocketError.ConnectionReset);
            buffer = buffer.Slice(sent);
        }
    }
}
