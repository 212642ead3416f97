using System.IO.Pipelines;

namespace Edge.Http2.Client;

/// <summary>
/// Flushing. Frames go into the transport's pipe under the connection lock; a flush is started at once
/// unless one is in flight (then it runs again when that one completes, sending whatever was written
/// meanwhile). While a flush waits on an upstream that does not read, body writers wait for it too.
/// </summary>
internal sealed partial class Http2ClientConnection
{
    private bool _wroteSinceFlush;
    private bool _flushInProgress;
    private bool _flushAgain;
    private bool _transportBroken;
    private Task _pendingFlush = Task.CompletedTask;

    private void RequestFlushLocked()
    {
        if (_transportBroken) return;
        if (_flushInProgress)
        {
            _flushAgain = true;
            return;
        }
        StartFlushLocked();
    }

    private void StartFlushLocked()
    {
        _wroteSinceFlush = false;
        ValueTask<FlushResult> flush;
        try
        {
            flush = _output.FlushAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            OnTransportBrokenLocked();
            return;
        }
        if (flush.IsCompletedSuccessfully)
        {
            OnFlushedLocked(flush.Result);
            return;
        }
        _flushInProgress = true;
        _pendingFlush = AwaitFlushAsync(flush);
    }

    private async Task AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
        {
            result = new FlushResult(isCanceled: true, isCompleted: true);
        }
        lock (_lock)
        {
            _flushInProgress = false;
            OnFlushedLocked(result);
            if (_flushAgain && !_transportBroken)
            {
                _flushAgain = false;
                StartFlushLocked();
            }
        }
    }

    private void OnFlushedLocked(FlushResult result)
    {
        _flood.OnOutputDrained();
        if (result.IsCanceled || result.IsCompleted)
        {
            OnTransportBrokenLocked();
            return;
        }
        foreach (var waiter in _flushWaiters) waiter.WindowSignal.Set();
        _flushWaiters.Clear();
    }

    /// <summary>The transport is gone: every stream fails, the read loop ends.</summary>
    private void OnTransportBrokenLocked()
    {
        if (_transportBroken) return;
        _transportBroken = true;
        KillLocked();
    }
}
