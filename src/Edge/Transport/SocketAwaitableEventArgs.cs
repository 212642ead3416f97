using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Edge.Transport;

/// <summary>
/// A reusable awaitable over <see cref="SocketAsyncEventArgs"/>: one instance per direction per
/// connection, so a receive or send allocates no Task (Kestrel's SocketAwaitableEventArgs pattern).
/// Completes with the byte count, or throws a <see cref="SocketException"/> on a socket error.
/// </summary>
internal sealed class SocketAwaitableEventArgs : SocketAsyncEventArgs, IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _source;

    // Continuations run synchronously on the thread that completes the operation. The socket engine
    // already calls OnCompleted on a thread-pool thread (or, with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1,
    // on its epoll thread, which is then the connection's event loop); posting again would add a second
    // hop — a futex wake-up and a context switch — to every receive and send (DESIGN.md §5).
    public SocketAwaitableEventArgs() : base(unsafeSuppressExecutionContextFlow: true)
    {
        _source.RunContinuationsAsynchronously = false;
    }

    protected override void OnCompleted(SocketAsyncEventArgs _)
    {
        if (SocketError != SocketError.Success)
            _source.SetException(new SocketException((int)SocketError));
        else
            _source.SetResult(BytesTransferred);
    }

    /// <summary>Starts a receive into <paramref name="buffer"/>; completes synchronously when data is already there.</summary>
    public ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        _source.Reset();
        SetBuffer(buffer);
        if (socket.ReceiveAsync(this)) return new ValueTask<int>(this, _source.Version);
        return SocketError == SocketError.Success
            ? new ValueTask<int>(BytesTransferred)
            : ValueTask.FromException<int>(new SocketException((int)SocketError));
    }

    public ValueTask<int> SendAsync(Socket socket, ReadOnlyMemory<byte> buffer)
    {
        _source.Reset();
        SetBuffer(System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer));
        if (socket.SendAsync(this)) return new ValueTask<int>(this, _source.Version);
        return SocketError == SocketError.Success
            ? new ValueTask<int>(BytesTransferred)
            : ValueTask.FromException<int>(new SocketException((int)SocketError));
    }

    /// <summary>Sends several buffers with one syscall (writev): a response head and its body go out together.</summary>
    public ValueTask<int> SendAsync(Socket socket, IList<ArraySegment<byte>> buffers)
    {
        _source.Reset();
        SetBuffer(null, 0, 0);
        BufferList = buffers;
        var pending = socket.SendAsync(this);
        if (pending) return new ValueTask<int>(this, _source.Version);
        BufferList = null;
        return SocketError == SocketError.Success
            ? new ValueTask<int>(BytesTransferred)
            : ValueTask.FromException<int>(new SocketException((int)SocketError));
    }

    public int GetResult(short token)
    {
        BufferList = null;
        return _source.GetResult(token);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}
