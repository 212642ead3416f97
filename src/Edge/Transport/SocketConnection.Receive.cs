using System.Net.Sockets;

namespace Edge.Transport;

internal sealed partial class SocketConnection
{
    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                // Wait for data with a zero-byte read before taking a buffer, so an idle keep-alive
                // connection holds no memory block (YARP's StreamCopier, Kestrel's default).
                await _receiveArgs.ReceiveAsync(_socket, Memory<byte>.Empty).ConfigureAwait(false);

                var memory = writer.GetMemory(1);
                var received = await _receiveArgs.ReceiveAsync(_socket, memory).ConfigureAwait(false);
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
        catch (SocketException e) when (IsConnectionGone(e.SocketErrorCode))
        {
            if (EndReason == TransportEndReason.None) EndReason = TransportEndReason.PeerReset;
            error = new ConnectionResetException(e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Our side closed the socket (abort or dispose); the reader already knows why.
            if (EndReason == TransportEndReason.None) EndReason = TransportEndReason.LocalClose;
        }
        catch (SocketException e)
        {
            if (EndReason == TransportEndReason.None) EndReason = TransportEndReason.SocketError;
            error = new ConnectionResetException(e.SocketErrorCode);
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private static bool IsConnectionGone(SocketError error) => error is SocketError.ConnectionReset
        or SocketError.ConnectionAborted or SocketError.OperationAborted or SocketError.Shutdown
        or SocketError.Interrupted or SocketError.InvalidArgument or SocketError.NotConnected;
}
