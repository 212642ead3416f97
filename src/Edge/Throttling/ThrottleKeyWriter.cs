using System.Security.Cryptography;

namespace Edge.Throttling;

/// <summary>
/// Composes key bytes into a caller's buffer (usually stackalloc). Every part is written as
/// <c>[tag][length][bytes]</c>: length-prefixed rather than joined with a separator, so no value can
/// contain a separator that makes two different requests write the same key ("a|b" + "c" vs "a" + "b|c").
/// </summary>
/// <remarks>
/// A value longer than <see cref="MaxInlineValue"/> bytes (an attacker's 8 KiB header) is written as its
/// SHA-256 digest under a distinct tag: keys stay small and bounded, and stay collision-resistant. A
/// missing value (no such header or claim) is a tag alone, distinct from an empty value.
/// </remarks>
internal ref struct ThrottleKeyWriter
{
    /// <summary>Values up to this many bytes are kept as they are: IPs, UUIDs, typical API keys.</summary>
    public const int MaxInlineValue = 64;

    /// <summary>The most bytes one part can take.</summary>
    public const int MaxPartBytes = 2 + MaxInlineValue;

    private const byte DigestTag = 0x40;
    private const byte MissingTag = 0x80;

    private readonly Span<byte> _buffer;
    private int _length;

    public ThrottleKeyWriter(Span<byte> buffer) => _buffer = buffer;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public readonly int Length => _length;

    public void Append(KeyPartKind kind, ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxInlineValue)
        {
            var part = Reserve(2 + SHA256.HashSizeInBytes);
            part[0] = (byte)((byte)kind | DigestTag);
            part[1] = SHA256.HashSizeInBytes;
            SHA256.HashData(value, part[2..]);
            return;
        }
        var span = Reserve(2 + value.Length);
        span[0] = (byte)kind;
        span[1] = (byte)value.Length;
        value.CopyTo(span[2..]);
    }

    public void AppendMissing(KeyPartKind kind) => Reserve(1)[0] = (byte)((byte)kind | MissingTag);

    /// <summary>The address's first <paramref name="prefixBits"/> bits (of its own family) as 16 bytes.</summary>
    public void AppendAddress(IpAddressBytes address, int prefixBits)
    {
        var span = Reserve(2 + 16);
        span[0] = (byte)KeyPartKind.Ip;
        span[1] = 16;
        address.Mask(prefixBits).WriteTo(span[2..]);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length) throw new ArgumentException("the key buffer is smaller than the recipe's MaxKeyLength");
        var span = _buffer.Slice(_length, count);
        _length += count;
        return span;
    }
}
