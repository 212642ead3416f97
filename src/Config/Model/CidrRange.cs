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
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        var bytes = address.GetAddressBytes();
        var bits = bytes.Length * 8;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }
        // Refuse set host bits ourselves: IPNetwork's parser has tolerated them in some runtime versions.
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            var hostMask = (byte)(0xFF >> keep);
            if ((bytes[i] & hostMask) != 0) return false;
        }
        value = new CidrRange(new IPNetwork(address, prefix));
        return true;
    }

    public override string ToString() => Network.ToString();
}
