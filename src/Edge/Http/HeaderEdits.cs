using System.Buffers;
using System.Text;

namespace Edge.Http;

/// <summary>
/// Fields the gateway core removes from, and adds to, a message that a protocol layer writes for it,
/// protocol-neutral and in bytes: the request head sent upstream (<see cref="Exchange.UpstreamFields"/>:
/// credentials stripped, claims and the verified token added) and the response head sent to the client
/// (<see cref="Exchange.ResponseFields"/>: CORS fields). The writer skips every field whose name is in
/// <see cref="IsRemoved"/> (ASCII case-insensitive) and then writes the added fields in order.
///
/// Allocation-free per request: the removal list is a route's shared, immutable array; added values are
/// either references to immutable bytes that outlive the exchange (route constants, a verified token)
/// or copies in a buffer rented from the array pool on first use and returned by <see cref="Reset"/>,
/// so an idle connection holds none. Values are checked by the writer like every other field (no CR,
/// LF or NUL ever reaches the wire).
/// </summary>
internal sealed class HeaderEdits
{
    /// <summary>Largest value copied into the edit buffer (a claim, a swapped credential).</summary>
    public const int MaxCopiedValueBytes = 16 * 1024;

    private byte[][] _removed = [];
    private Added[] _added = [];
    private int _count;
    private byte[] _buffer = [];
    private int _length;
    private int _queryStart = -1, _queryLength;

    /// <summary>True when nothing is removed or added and the query is unchanged: writers take their plain path.</summary>
    public bool IsEmpty => _removed.Length == 0 && _count == 0 && _queryStart < 0;

    /// <summary>Names of fields to drop, lower- or mixed-case ASCII; the array is kept by reference and must not change.</summary>
    public byte[][] Removed => _removed;

    public int AddedCount => _count;

    /// <summary>Replaces the removal list (a route's shared list: not copied).</summary>
    public void RemoveFields(byte[][] names) => _removed = names;

    /// <summary>Whether a field of this name is to be dropped.</summary>
    public bool IsRemoved(ReadOnlySpan<byte> name)
    {
        var removed = _removed;
        for (var i = 0; i < removed.Length; i++)
        {
            if (removed[i].Length == name.Length && Ascii.EqualsIgnoreCase(removed[i], name)) return true;
        }
        return false;
    }

    /// <summary>Adds a field whose name and value are immutable and outlive the exchange (kept by reference).</summary>
    public void Add(byte[] name, ReadOnlyMemory<byte> value)
    {
        ref var a = ref Next();
        a.Name = name;
        a.External = value;
        a.Start = -1;
    }

    /// <summary>Adds a field whose value is copied now (request bytes, text extracted from a token).</summary>
    public void AddCopy(byte[] name, ReadOnlySpan<byte> value)
    {
        var start = Append(value);
        ref var a = ref Next();
        a.Name = name;
        a.External = default;
        a.Start = start;
        a.Length = value.Length;
    }

    /// <summary>
    /// Room for a value of at most <paramref name="maxLength"/> bytes, written by the caller and then
    /// kept with <see cref="CommitAdd"/> (nothing is added if the caller does not commit).
    /// </summary>
    public Span<byte> ReserveValue(int maxLength)
    {
        EnsureRoom(maxLength);
        return _buffer.AsSpan(_length, maxLength);
    }

    /// <summary>Adds <paramref name="name"/> with the first <paramref name="length"/> bytes written into the last <see cref="ReserveValue"/>.</summary>
    public void CommitAdd(byte[] name, int length)
    {
        var start = _length;
        _length += length;
        ref var a = ref Next();
        a.Name = name;
        a.External = default;
        a.Start = start;
        a.Length = length;
    }

    public ReadOnlySpan<byte> AddedName(int index) => _added[index].Name;

    public ReadOnlySpan<byte> AddedValue(int index)
    {
        ref readonly var a = ref _added[index];
        return a.Start < 0 ? a.External.Span : _buffer.AsSpan(a.Start, a.Length);
    }

    /// <summary>The request query (without '?') to send instead of the client's; see <see cref="HasQuery"/>.</summary>
    public bool HasQuery => _queryStart >= 0;

    public ReadOnlySpan<byte> Query => _queryStart >= 0 ? _buffer.AsSpan(_queryStart, _queryLength) : default;

    /// <summary>Replaces the query sent upstream (an empty one drops the '?').</summary>
    public void SetQuery(ReadOnlySpan<byte> query)
    {
        _queryStart = Append(query);
        _queryLength = query.Length;
    }

    /// <summary>Replaces the query with the first <paramref name="length"/> bytes written into the last <see cref="ReserveValue"/>.</summary>
    public void CommitQuery(int length)
    {
        _queryStart = _length;
        _queryLength = length;
        _length += length;
    }

    /// <summary>Forgets every edit and returns the buffer to the pool.</summary>
    public void Reset()
    {
        _removed = [];
        if (_count > 0)
        {
            // Drop references to values (a token) so they do not outlive the exchange here.
            Array.Clear(_added, 0, _count);
            _count = 0;
        }
        _queryStart = -1;
        _queryLength = 0;
        if (_buffer.Length > 0)
        {
            // It may have held a credential (a swapped Authorization value): wipe what was used.
            _buffer.AsSpan(0, _length).Clear();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
        _length = 0;
    }

    private ref Added Next()
    {
        if (_count == _added.Length) Array.Resize(ref _added, Math.Max(4, _added.Length * 2));
        return ref _added[_count++];
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        var start = _length;
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return start;
    }

    private void EnsureRoom(int bytes)
    {
        if (_buffer.Length - _length >= bytes) return;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(1024, _buffer.Length * 2), _length + bytes));
        _buffer.AsSpan(0, _length).CopyTo(next);
        if (_buffer.Length > 0)
        {
            _buffer.AsSpan(0, _length).Clear();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = next;
    }

    private struct Added
    {
        public byte[] Name;
        public ReadOnlyMemory<byte> External;
        public int Start;
        public int Length;
    }
}
