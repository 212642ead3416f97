namespace Edge.IntegrationTests.Kit;

/// <summary>
/// Receive-side buffering shared by the raw test client and the test backend: bytes read from the
/// peer accumulate in <c>_buffer[_start.._end]</c>; helpers find a delimiter or wait for a count.
/// A reset or an end of stream both count as end of input (<c>_eof</c>).
/// </summary>
internal abstract class BufferedReceiver
{
    protected byte[] _buffer = new byte[64 * 1024];
    protected int _start;
    protected int _end;
    protected bool _eof;

    /// <summary>Reads from the peer into <paramref name="destination"/>; 0 means the peer closed.</summary>
    protected abstract ValueTask<int> ReceiveAsync(Memory<byte> destination, CancellationToken ct);

    /// <summary>Index of <paramref name="needle"/> in the buffered bytes, reading more as needed; -1 at end of input.</summary>
    protected async Task<int> FindAsync(byte[] needle, CancellationToken ct)
    {
        while (true)
        {
            var i = _buffer.AsSpan(_start, _end - _start).IndexOf(needle);
            if (i >= 0) return _start + i;
            if (!await ReadMoreAsync(ct)) return -1;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> bytes are buffered; false at end of input.</summary>
    protected async Task<bool> FillAsync(int count, CancellationToken ct)
    {
        while (_end - _start < count)
        {
            if (!await ReadMoreAsync(ct)) return false;
        }
        return true;
    }

    protected async Task<bool> ReadMoreAsync(CancellationToken ct)
    {
        if (_eof) return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var n = await ReceiveAsync(_buffer.AsMemory(_end), ct);
        if (n == 0)
        {
            _eof = true;
            return false;
        }
        _end += n;
        return true;
    }
}
