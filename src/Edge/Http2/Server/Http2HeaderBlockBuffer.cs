using System.Buffers;

namespace Edge.Http2.Server;

/// <summary>
/// Where the connection's HPACK encoder writes one response header block before it is framed
/// (HEADERS + CONTINUATIONs need the whole block to know where to split). One per connection, used
/// under its write lock; the array is rented on first use, grown by doubling, and kept (a few KiB).
/// </summary>
internal sealed class Http2HeaderBlockBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = [];
    private int _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 16);
        if (needed <= _buffer.Length) return;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(1024, _buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(next);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}
