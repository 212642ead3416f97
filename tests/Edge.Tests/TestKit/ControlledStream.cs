using System.Text;

namespace Edge.Tests.TestKit;

/// <summary>
/// A write-only stream the test controls: it records everything written, can hold writes at a gate
/// (to simulate a slow sink) and can fail them (to simulate a broken one).
/// </summary>
internal sealed class ControlledStream : Stream
{
    private readonly MemoryStream _data = new();
    private readonly TaskCompletionSource _writeStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;

    public ControlledStream(bool blocked = false)
    {
        if (!blocked)
            _gate.SetResult();
    }

    /// <summary>Completes when the first write arrives (whether or not it is held at the gate).</summary>
    public Task FirstWriteStarted => _writeStarted.Task;

    public bool FailWrites { get; set; }

    public int Writes => Volatile.Read(ref _writes);

    public bool Disposed { get; private set; }

    public string Text
    {
        get
        {
            lock (_data)
                return Encoding.UTF8.GetString(_data.GetBuffer(), 0, (int)_data.Length);
        }
    }

    public string[] Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Release() => _gate.TrySetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        _writeStarted.TrySetResult();
        await _gate.Task.ConfigureAwait(false);
        if (FailWrites)
            throw new IOException("disk full (simulated)");
        lock (_data)
            _data.Write(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
