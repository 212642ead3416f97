using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Edge.Http;
using Edge.Transport;

namespace Edge.Tests.Upstream;

/// <summary>
/// One side of a tunnel in memory, shaped like a socket connection: the test plays the peer by sending
/// into <see cref="Input"/> (<see cref="PeerSendAsync"/>, <see cref="PeerClose"/>, <see cref="PeerReset"/>)
/// and reading what the splice wrote (<see cref="PeerReceiveAsync"/>). Both pipes pause at 64 KiB like
/// <see cref="SocketConnection"/>'s and run inline, so a test's write drives the splice on its own thread.
/// </summary>
internal sealed class PipeTunnelEnd : ITunnelEnd
{
    private readonly Pipe _toSplice;
    private readonly Pipe _fromSplice;

    public PipeTunnelEnd(MemoryPool<byte> pool)
    {
        var options = new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            pauseWriterThreshold: SocketConnection.MaxInputBuffer, resumeWriterThreshold: SocketConnection.MaxInputBuffer / 2,
            minimumSegmentSize: PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false);
        _toSplice = new Pipe(options);
        _fromSplice = new Pipe(options);
    }

    public PipeReader Input => _toSplice.Reader;
    public PipeWriter Output => _fromSplice.Writer;

    /// <summary>The splice reset this side.</summary>
    public bool Aborted { get; private set; }

    /// <summary>The peer's end of the pipes, for tests that drive them directly.</summary>
    public PipeWriter PeerWriter => _toSplice.Writer;
    public PipeReader PeerReader => _fromSplice.Reader;

    public void Abort()
    {
        Aborted = true;
        // As a socket abort does: reads see the end, and writes find nobody reading.
        _toSplice.Writer.Complete(new IOException("connection reset"));
        _fromSplice.Reader.Complete();
    }

    public ValueTask<FlushResult> PeerSendAsync(string text) => _toSplice.Writer.WriteAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Sends as a socket receive loop delivers: one block at a time, each flush awaited (back-pressure).</summary>
    public async Task PeerSendInBlocksAsync(byte[] bytes)
    {
        for (var at = 0; at < bytes.Length; at += PinnedBlockMemoryPool.BlockSize)
        {
            var flush = await _toSplice.Writer.WriteAsync(bytes.AsMemory(at, Math.Min(PinnedBlockMemoryPool.BlockSize, bytes.Length - at)));
            if (flush.IsCompleted) throw new IOException("the splice stopped reading");
        }
    }

    /// <summary>The peer's FIN.</summary>
    public void PeerClose() => _toSplice.Writer.Complete();

    /// <summary>The peer's RST, as the socket receive loop reports it.</summary>
    public void PeerReset() => _toSplice.Writer.Complete(new ConnectionResetException(System.Net.Sockets.SocketError.ConnectionReset));

    /// <summary>Reads exactly <paramref name="count"/> bytes the splice wrote to this side.</summary>
    public async Task<string> PeerReceiveAsync(int count)
    {
        var reader = _fromSplice.Reader;
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.Buffer.Length >= count)
            {
                var text = Encoding.ASCII.GetString(result.Buffer.Slice(0, count).ToArray());
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return text;
            }
            if (result.IsCompleted) throw new InvalidOperationException($"ended after {result.Buffer.Length} of {count} bytes");
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>True once the splice completed this side's output (our FIN to the peer) with nothing unread.</summary>
    public async Task<bool> PeerSeesEndAsync()
    {
        var result = await _fromSplice.Reader.ReadAsync();
        _fromSplice.Reader.AdvanceTo(result.Buffer.End);
        return result.IsCompleted && result.Buffer.IsEmpty;
    }
}
