using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Edge.Throttling;

/// <summary>
/// An IP address as 16 bytes in two ulongs, IPv4 mapped into IPv6 (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), so
/// a dual-stack socket's mapped peer and a plain IPv4 address are the same key. Compared and masked
/// without allocation.
/// </summary>
internal readonly record struct IpAddressBytes(ulong High, ulong Low)
{
    private const ulong MappedPrefix = 0xFFFF_0000_0000UL; // the ::ffff:0:0/96 marker in Low's top half

    public bool IsIPv4 => High == 0 && (Low & 0xFFFF_FFFF_0000_0000UL) == MappedPrefix;

    public static IpAddressBytes FromIPv4(uint address) => new(0, MappedPrefix | address);

    public static IpAddressBytes From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) throw new ArgumentException("address did not fit 16 bytes", nameof(address));
        return written == 4 ? FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes)) : FromBytes(bytes);
    }

    public static IpAddressBytes FromBytes(ReadOnlySpan<byte> sixteen) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(sixteen), BinaryPrimitives.ReadUInt64BigEndian(sixteen[8..]));

    /// <summary>Parses an address written in UTF-8 (strict dotted quad, or RFC 4291 §2.2 text); no port, no zone.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out IpAddressBytes address) => IpAddressParser.TryParse(text, out address);

    /// <summary>Keeps the first <paramref name="prefixBits"/> bits of the address's own family (32 for IPv4, 128 for IPv6).</summary>
    public IpAddressBytes Mask(int prefixBits)
    {
        var bits = IsIPv4 ? 96 + Math.Clamp(prefixBits, 0, 32) : Math.Clamp(prefixBits, 0, 128);
        return new IpAddressBytes(High & MaskHigh(bits), Low & MaskLow(bits));
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public IPAddress ToIPAddress()
    {
        if (IsIPv4) return new IPAddress(BinaryPrimitives.ReverseEndianness((uint)Low));
        Span<byte> bytes = stackalloc byte[16];
        WriteTo(bytes);
        return new IPAddress(bytes);
    }

    public override string ToString() => ToIPAddress().ToString();

    internal static ulong MaskHigh(int bits) => bits >= 64 ? ulong.MaxValue : bits <= 0 ? 0 : ulong.MaxValue << (64 - bits);

    internal static ulong MaskLow(int bits) => bits >= 128 ? ulong.MaxValue : bits <= 64 ? 0 : ulong.MaxValue << (128 - bits);

    internal static bool IsInet6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6;
}
