using System.Buffers;
using System.Text;
using Edge.Http2.Hpack;

namespace Edge.Http2.Client;

/// <summary>
/// Receives a request's fields for HPACK encoding into the connection's header block. In check mode it
/// only validates: names lower-cased (§8.2.1), no CR, LF or NUL in any value (SECURITY.md case 23: never
/// emitted upstream, whatever protocol carried it in), and the decoded list within the peer's
/// SETTINGS_MAX_HEADER_LIST_SIZE (§6.5.2, counting 32 octets per field). Credentials (authorization)
/// are encoded never-indexed (RFC 7541 §7.1.3). One per connection, used under its lock.
/// </summary>
internal sealed class Http2FieldWriter
{
    /// <summary>The most a composed value (the <c>:path</c>) may take: the request line limit plus prefixes.</summary>
    public const int MaxScratchBytes = 64 * 1024;

    private readonly HpackEncoder _encoder;
    private IBufferWriter<byte>? _block;
    private byte[] _scratch = [];
    private long _listSize;
    private long _maxListSize;

    public Http2FieldWriter(HpackEncoder encoder) => _encoder = encoder;

    /// <summary>Set by check mode: the first problem found (null when the head can be sent).</summary>
    public string? Problem { get; private set; }

    internal void BeginCheck(uint maxHeaderListSize)
    {
        _block = null;
        Problem = null;
        _listSize = 0;
        _maxListSize = maxHeaderListSize;
    }

    internal void BeginEncode(IBufferWriter<byte> block)
    {
        _block = block;
        _encoder.BeginHeaderBlock(block);
    }

    /// <summary>Adds one field; <paramref name="name"/> may be in any case (HTTP/1.1 clients), it goes out lower-cased.</summary>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (_block is null)
        {
            Check(name, value);
            return;
        }
        if (name.IndexOfAnyInRange((byte)'A', (byte)'Z') < 0)
        {
            _encoder.EncodeHeader(name, value, IsCredential(name) ? HpackFlags.NeverIndexed : HpackFlags.None, _block);
            return;
        }
        Span<byte> lower = name.Length <= 128 ? stackalloc byte[name.Length] : new byte[name.Length];
        Ascii.ToLower(name, lower, out _);
        _encoder.EncodeHeader(lower, value, IsCredential(lower) ? HpackFlags.NeverIndexed : HpackFlags.None, _block);
    }

    /// <summary>A scratch buffer for composing one value (the path), valid until the next call.</summary>
    public Span<byte> Scratch(int length)
    {
        if (length > MaxScratchBytes)
        {
            Problem ??= "request target too long";
            length = 0;
        }
        if (_scratch.Length < length) _scratch = new byte[Math.Max(length, 1024)];
        return _scratch.AsSpan(0, length);
    }

    private void Check(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IsEmpty) Problem ??= "empty field name";
        if (value.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0 || name.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
            Problem ??= "refusing to forward a field containing CR, LF or NUL";
        _listSize += name.Length + value.Length + 32;
        if (_listSize > _maxListSize) Problem ??= "request head larger than the upstream's SETTINGS_MAX_HEADER_LIST_SIZE";
    }

    private static bool IsCredential(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("authorization"u8) || name.SequenceEqual("proxy-authorization"u8);
}
