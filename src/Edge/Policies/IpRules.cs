using System.Buffers.Binary;
using System.Net;
using Edge.Throttling;

namespace Edge.Policies;

/// <summary>
/// An allow list and a deny list of networks (CIDR, IPv4 and IPv6), checked against the client's address
/// before anything else (403, 900805). Deny wins: an address on the deny list is refused even if it is
/// allowed; with a non-empty allow list, an address on neither list is refused. An IPv4-mapped IPv6
/// address (<c>::ffff:10.0.0.1</c>, what a dual-stack listener sees for an IPv4 client) is matched as the
/// IPv4 address, and an IPv4-mapped rule (<c>::ffff:10.0.0.0/104</c>) as the IPv4 network. An unknown
/// address (no socket peer) is refused: rules exist, and nothing can be proven about it.
/// Linear scan with integer compares, no allocation: lists are short in practice (dozens of entries).
/// </summary>
internal sealed class IpRules
{
    private readonly Network[] _allow;
    private readonly Network[] _deny;

    public IpRules(IEnumerable<(IPAddress Address, int PrefixLength)> allow, IEnumerable<(IPAddress Address, int PrefixLength)> deny)
    {
        _allow = [.. allow.Select(n => Network.From(n.Address, n.PrefixLength))];
        _deny = [.. deny.Select(n => Network.From(n.Address, n.PrefixLength))];
    }

    public bool IsEmpty => _allow.Length == 0 && _deny.Length == 0;

    public int AllowCount => _allow.Length;

    public int DenyCount => _deny.Length;

    public bool Allows(IPAddress? address)
    {
        if (IsEmpty) return true;
        if (address is null || !TryRead(address, out var value, out var v4)) return false;
        foreach (var n in _deny)
        {
            if (n.Contains(value, v4)) return false;
        }
        if (_allow.Length == 0) return true;
        foreach (var n in _allow)
        {
            if (n.Contains(value, v4)) return true;
        }
        return false;
    }

    /// <summary>
    /// The same check on the client address the gateway resolved for the exchange (the TCP peer, or the
    /// client behind trusted proxies, see <see cref="ClientAddresses"/>); null: unknown, refused.
    /// </summary>
    public bool AllowsClient(IpAddressBytes? address)
    {
        if (IsEmpty) return true;
        if (address is not { } a) return false;
        var v4 = a.IsIPv4;
        var value = v4 ? (UInt128)(uint)a.Low : new UInt128(a.High, a.Low);
        foreach (var n in _deny)
        {
            if (n.Contains(value, v4)) return false;
        }
        if (_allow.Length == 0) return true;
        foreach (var n in _allow)
        {
            if (n.Contains(value, v4)) return true;
        }
        return false;
    }

    /// <summary>The address as a 128-bit number (IPv4 in the low 32 bits), mapped IPv6 folded to IPv4.</summary>
    private static bool TryRead(IPAddress address, out UInt128 value, out bool v4)
    {
        value = 0;
        v4 = false;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) return false;
        if (written == 4)
        {
            v4 = true;
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            return true;
        }
        value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2)
        v4 = value >> 32 == 0xFFFF;
        if (v4) value &= uint.MaxValue;
        return true;
    }

    private readonly record struct Network(UInt128 Value, int PrefixLength, bool V4)
    {
        public static Network From(IPAddress address, int prefixLength)
        {
            Span<byte> bytes = stackalloc byte[16];
            if (!address.TryWriteBytes(bytes, out var written)) throw new ArgumentException($"unreadable address {address}", nameof(address));
            if (written == 4) return new Network(BinaryPrimitives.ReadUInt32BigEndian(bytes), prefixLength, V4: true);
            var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            // An IPv4-mapped rule at least /96 wide is the IPv4 network it maps; a wider one stays IPv6 (and
            // then matches no IPv4 client, whose address is folded to IPv4 before matching).
            if (value >> 32 == 0xFFFF && prefixLength >= 96) return new Network(value & uint.MaxValue, prefixLength - 96, V4: true);
            return new Network(value, prefixLength, V4: false);
        }

        public bool Contains(UInt128 address, bool v4)
        {
            if (v4 != V4) return false;
            var bits = v4 ? 32 : 128;
            if (PrefixLength == 0) return true;
            var shift = bits - PrefixLength;
            return address >> shift == Value >> shift;
        }
    }
}
