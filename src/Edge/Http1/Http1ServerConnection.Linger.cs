using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Lingering close (RFC 9112 §9.6). When Edge ends a connection while the client may still be sending —
/// a 413 for a body it will not read, a body too large to drain, a refused head — closing the socket at
/// once would make TCP answer the client's next segments with a reset, and a reset can destroy the
/// response in the client's receive buffer before the client reads it: the client sees "connection
/// reset" or "broken pipe" instead of the 413. So the FIN goes first (the output is complete), then what
/// still arrives is read and discarded until the client closes its side, for at most
/// <see cref="HttpServerOptions.LingerTime"/> and <see cref="HttpServerOptions.LingerMaxBytes"/>.
/// A client can hold a lingering connection no longer than that, and it still counts against the
/// listener's connection limit.
/// </summary>
internal sealed partial class Http1ServerConnection
{
    private async ValueTask LingerAsync()
    {
        using var deadline = new CancellationTokenSource(_options.LingerTime);
        long discarded = 0;
        try
        {
            while (true)
            {
                var result = await _transport.Input.ReadAsync(deadline.Token).ConfigureAwait(false);
                discarded += result.Buffer.Length;
                _transport.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled || discarded > _options.LingerMaxBytes) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The deadline passed, or the client reset or the transport was aborted: close now.
        }
    }
}
