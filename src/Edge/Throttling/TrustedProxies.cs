using System.Net;
using System.Net.Sockets;

namespace Edge.Throttling;

/// <summary>
/// The networks whose <c>X-Forwarded-For</c> is believed (config <c>listeners.trusted_proxies</c>).
/// Families never cross: an IPv4 range matches IPv4 (and IPv4-mapped) peers only, an IPv6 range IPv6
/// peers only, so "::/0" does not silently trust every IPv4 client too.
/// </summary>
internal sealed class TrustedProxies
{
    private readonly Network[] _networks;

    public TrustedProxies(IEnumerable<IPNetwork> networks)
    {
        _networks = [.. networks.Select(Network.From)];
    }

    public static TrustedProxies None { get; } = new([]);

    public bool IsEmpty => _networks.Length == 0;

    /// <summary>Linear scan: the list is a handful of proxy ranges, and a scan of two masks each beats a trie there.</summary>
    public bool Contains(IpAddressBytes address)
    {
        var v4 = address.IsIPv4;
        foreach (var n in _networks)
        {
            if (n.IsIPv4 == v4 && (address.High & n.MaskHigh) == n.Prefix.High && (address.Low & n.MaskLow) == n.Prefix.Low) return true;
        }
        return false;
    }

    private readonly record struct Network(IpAddressBytes Prefix, ulong MaskHigh, ulong MaskLow, bool IsIPv4)
    {
        public static Network From(IPNetwork network)
        {
            var v4 = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork || network.BaseAddress.IsIPv4MappedToIPv6;
            var bits = v4 ? 96 + Math.Min(32, network.PrefixLength) : network.PrefixLength;
            ulong high = IpAddressBytes.MaskHigh(bits), low = IpAddressBytes.MaskLow(bits);
            var prefix = IpAddressBytes.From(network.BaseAddress);
            return new Network(new IpAddressBytes(prefix.High & high, prefix.Low & low), high, low, v4);
        }
    }
}
