using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Edge.Http1;

/// <summary>
/// Notices a client that leaves while its request is with the upstream. Once the request is fully read
/// (no body, or its last byte consumed), one pending read watches the connection's input until the
/// response is done:
/// <list type="bullet">
/// <item>a reset, or a FIN with nothing buffered behind the request, cancels <see cref="Exchange.Aborted"/>,
/// so the upstream request is abandoned at once instead of at the response timeout (nginx's default,
/// "client prematurely closed connection", logged as 499);</item>
/// <item>bytes of a pipelined next request end the watch without consuming them: a client that is
/// still sending requests is still there (nginx's MSG_PEEK check makes the same call).</item>
/// </list>
/// The watch costs no syscall: the socket's receive loop is already waiting for input.
/// </summary>
internal sealed partial class Http1ServerConnection
{
    private bool _watching;
    private bool _handling;
    private ValueTask _watch;

    /// <summary>
    /// Starts the watch once the request is fully read, while the core still has the exchange; never for
    /// a request that may become a tunnel, nor for a body drained after the response (the next head read
    /// follows at once).
    /// </summary>
    internal void StartDisconnectWatch()
    {
        if (!_handling || _watching || _exchange.Upgrade is not null) return;
        _watching = true;
        _watch = WatchAsync();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WatchAsync()
    {
        var input = Input;
        ReadResult result;
        try
        {
            result = await input.ReadAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Reset: the connection is gone for good.
            ClientLeft();
            return;
        }
        if (!result.IsCanceled && result.IsCompleted && result.Buffer.IsEmpty) ClientLeft();
        // Consume and examine nothing: the next head read sees these bytes (or the FIN) again.
        input.AdvanceTo(result.Buffer.Start);
    }

    private void ClientLeft()
    {
        _exchange.ClientAborted = true;
        _aborted.Cancel();
    }

    /// <summary>Ends the watch before anyone else reads the input again.</summary>
    private ValueTask StopDisconnectWatchAsync()
    {
        if (!_watching) return ValueTask.CompletedTask;
        _watching = false;
        // A cancel that lands after the watch's read completed stays pending for the next read; the head
        // and body readers take a cancelled result as an empty wake-up, so that is harmless.
        if (!_watch.IsCompleted) Input.CancelPendingRead();
        return _watch;
    }
}
