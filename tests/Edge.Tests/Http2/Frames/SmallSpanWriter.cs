using System.Buffers;

namespace Edge.Tests.Http2.Frames;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out at most <c>chunk</c> bytes per span (as a pipe over
/// small blocks does near a block's end) and refuses hints above the transport's 4 KiB block, so the
/// writers are proven never to need a large contiguous span.
/// </summary>
internal sealed class SmallSpanWriter : IBufferWriter<byte>
{
    private readonly int _chunk;
    private readonly List<byte> _written = [];
    private byte[] _current;

    public SmallSpanWriter(int chunk)
    {
        _chunk = chunk;
        _current = new byte[4096];
    }

    public byte[] Written => [.. _written];

    public void Advance(int count)
    {
        _written.AddRange(_current.AsSpan(0, count).ToArray());
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => throw new NotSupportedException();

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Assert.True(sizeHint <= 4096, $"asked for a {sizeHint}-byte span; blocks are 4 KiB");
        return _current.AsSpan(0, Math.Max(_chunk, sizeHint));
    }
}
