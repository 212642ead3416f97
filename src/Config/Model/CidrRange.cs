using System.Net;

namespace Edge.Config.Model;

/// <summary>
/// An IPv4 or IPv6 network ("10.0.0.0/8", "::1"). A bare address means a single host (/32 or /128).
/// Host bits after the prefix must be zero ("10.0.0.1/8" is refused) because such an entry is almost
/// always a typo for a narrower range.
/// </summary>
public readonly record struct CidrRange(IPNetwork Network)
{
    public const string Expected = "expected an IPv4 or IPv6 address with an optional /prefix and no host bits set (e.g. \"10.0.0.0/8\", \"2001:db8::/32\", \"127.0.0.1\")";

    public static bool TryParse(string text, out CidrRange value)
    {
        value = default;
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(text, out var network)) return false;
            value = new CidrRange(network);
            return true;
        }
        if (!IPAddress.TryParse(text, out var address)) return false;
        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        value = new CidrRange(new IPNetwork(address, bits));
        return true;
    }

    public override string ToString() => Network.ToString();
}
