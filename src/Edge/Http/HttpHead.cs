using System.Buffers;
using System.Text;

namespace Edge.Http;

/// <summary>
/// The common part of request and response heads: the fields, copied into one pooled buffer so they
/// outlive the receive buffer they were parsed from (the body is streamed after the head, and the head
/// is forwarded after routing). The buffer is rented when a head starts and returned by
/// <see cref="Release"/>, so an idle connection holds none. Capacity is bounded by the head limit.
/// </summary>
internal abstract class HttpHead
{
    private byte[] _buffer = [];
    private int _length;
    private HeaderEntry[] _headers = new HeaderEntry[16];
    private int _count;

    public int HeaderCount => _count;

    protected int Append(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _length < bytes.Length) Grow(bytes.Length);
        var start = _length;
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return start;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length == 0 ? 2048 : _buffer.Length * 2, _length + needed);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(next);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    protected ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    protected ReadOnlyMemory<byte> SliceMemory(int start, int length) => _buffer.AsMemory(start, length);

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (_count == _headers.Length) Array.Resize(ref _headers, _headers.Length * 2);
        ref var e = ref _headers[_count++];
        e.NameStart = Append(name);
        e.NameLength = name.Length;
        e.ValueStart = Append(value);
        e.ValueLength = value.Length;
        e.Known = KnownHeaders.Classify(name);
        e.ConnectionNominated = false;
    }

    public ReadOnlySpan<byte> HeaderName(int index) => _buffer.AsSpan(_headers[index].NameStart, _headers[index].NameLength);
    public ReadOnlySpan<byte> HeaderValue(int index) => _buffer.AsSpan(_headers[index].ValueStart, _headers[index].ValueLength);
    public KnownHeader HeaderKind(int index) => _headers[index].Known;
    public bool IsConnectionNominated(int index) => _headers[index].ConnectionNominated;

    /// <summary>The first field of the given kind.</summary>
    public bool TryGetHeader(KnownHeader kind, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_headers[i].Known == kind)
            {
                value = HeaderValue(i);
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The first field with this name (ASCII case-insensitive).</summary>
    public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_headers[i].NameLength == name.Length && Ascii.EqualsIgnoreCase(HeaderName(i), name))
            {
                value = HeaderValue(i);
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Marks every field named in a Connection field as hop-by-hop (RFC 9110 §7.6.1: a proxy MUST remove
    /// them). Call once the head is complete.
    /// </summary>
    public void MarkConnectionNominatedFields()
    {
        for (var c = 0; c < _count; c++)
        {
            if (_headers[c].Known != KnownHeader.Connection) continue;
            var list = HeaderValue(c);
            while (!list.IsEmpty)
            {
                var comma = list.IndexOf((byte)',');
                var token = (comma < 0 ? list : list[..comma]).Trim(" \t"u8);
                list = comma < 0 ? default : list[(comma + 1)..];
                if (token.IsEmpty) continue;
                for (var i = 0; i < _count; i++)
                {
                    if (_headers[i].NameLength == token.Length && Ascii.EqualsIgnoreCase(HeaderName(i), token))
                        _headers[i].ConnectionNominated = true;
                }
            }
        }
    }

    /// <summary>Forgets the head and returns its buffer to the pool.</summary>
    public virtual void Release()
    {
        _count = 0;
        _length = 0;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
