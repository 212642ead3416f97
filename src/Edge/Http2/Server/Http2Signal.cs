using System.Threading.Tasks.Sources;

namespace Edge.Http2.Server;

/// <summary>
/// An auto-reset wake-up for one waiter at a time, awaitable without allocating (a reusable
/// <see cref="IValueTaskSource"/>). A stream's writer waits on it for send window or for the output to
/// drain; its body reader for DATA; the connection sets it. A <see cref="Set"/> that finds nobody waiting
/// is remembered, so a wake-up between "check" and "wait" is never lost. Continuations run on the thread
/// pool, never inline in the setter (which may be the connection's read loop holding its lock).
/// </summary>
internal sealed class Http2Signal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private readonly object _gate = new();
    private bool _waiting;
    private bool _signaled;

    /// <summary>Completes at once when signalled since the last wait, else at the next <see cref="Set"/>.</summary>
    public ValueTask WaitAsync()
    {
        lock (_gate)
        {
            if (_signaled)
            {
                _signaled = false;
                return ValueTask.CompletedTask;
            }
            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    /// <summary>Wakes the waiter, or the next one to wait.</summary>
    public void Set()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                _signaled = true;
                return;
            }
            _waiting = false;
        }
        _core.SetResult(true);
    }

    /// <summary>Forgets a pending signal (a pooled stream starting over). Only when nobody waits.</summary>
    public void Reset()
    {
        lock (_gate) _signaled = false;
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
