namespace Edge.Throttling;

/// <summary>
/// Finds the client address behind trusted proxies: the standard right-to-left walk of
/// <c>X-Forwarded-For</c>. Each proxy appends the address it received the request from, so only the
/// entries appended by proxies we trust are facts; everything to their left was written by the client.
/// <list type="number">
/// <item>Start at the TCP peer. If it is not a trusted proxy, it is the client; the header is ignored
/// (whoever sent it could have written anything).</item>
/// <item>Otherwise read entries from the rightmost (the last header line first, each line right to left).
/// Each entry is the previous hop. The first one that is not a trusted proxy is the client.</item>
/// <item>An entry that is not an address (garbage, "unknown", an obfuscated RFC 7239 identifier) ends
/// the walk at the last trusted hop: that proxy is as far as the facts go.</item>
/// <item>If every entry is trusted, the leftmost is the client. The walk stops after
/// <see cref="MaxHops"/> entries (a real proxy chain is a few hops; the header is attacker-sized).</item>
/// </list>
/// Entries may carry a port (<c>1.2.3.4:5678</c>, <c>[2001:db8::1]:443</c>), which is dropped.
/// </summary>
internal ref struct ForwardedForWalker
{
    public const int MaxHops = 32;

    private readonly TrustedProxies _trusted;
    private int _hops;
    private bool _done;

    public ForwardedForWalker(TrustedProxies trusted, IpAddressBytes peer)
    {
        _trusted = trusted;
        Client = peer;
        _done = !trusted.Contains(peer);
    }

    /// <summary>The client address as far as the lines fed so far tell.</summary>
    public IpAddressBytes Client { get; private set; }

    /// <summary>True while another (earlier) header line could still change <see cref="Client"/>.</summary>
    public readonly bool WantsMore => !_done;

    /// <summary>Feeds one X-Forwarded-For line; call for the last line first. Returns <see cref="WantsMore"/>.</summary>
    public bool FeedLine(ReadOnlySpan<byte> line)
    {
        var end = line.Length;
        while (!_done && end >= 0)
        {
            var comma = line[..end].LastIndexOf((byte)',');
            var entry = Trim(line[(comma + 1)..end]);
            end = comma; // -1 after the first element: the loop ends
            if (entry.IsEmpty) continue; // RFC 9110 §5.6.1: empty list elements are ignored
            if (!TryParseEntry(entry, out var address) || ++_hops > MaxHops)
            {
                _done = true;
                break;
            }
            Client = address;
            if (!_trusted.Contains(address)) _done = true;
        }
        return !_done;
    }

    /// <summary>One-line convenience: the client for a peer and a single X-Forwarded-For value.</summary>
    public static IpAddressBytes Resolve(TrustedProxies trusted, IpAddressBytes peer, ReadOnlySpan<byte> forwardedFor)
    {
        var walker = new ForwardedForWalker(trusted, peer);
        if (walker.WantsMore && !forwardedFor.IsEmpty) walker.FeedLine(forwardedFor);
        return walker.Client;
    }

    /// <summary>An address with an optional port: <c>a.b.c.d</c>, <c>a.b.c.d:port</c>, <c>v6</c>, <c>[v6]</c>, <c>[v6]:port</c>.</summary>
    internal static bool TryParseEntry(ReadOnlySpan<byte> entry, out IpAddressBytes address)
    {
        address = default;
        if (entry.Length > 0 && entry[0] == '[')
        {
            var close = entry.IndexOf((byte)']');
            if (close < 0) return false;
            var rest = entry[(close + 1)..];
            if (!rest.IsEmpty && (rest[0] != ':' || !IsPort(rest[1..]))) return false;
            return IpAddressParser.TryParseIPv6(entry[1..close], out address);
        }
        var colon = entry.IndexOf((byte)':');
        if (colon >= 0 && entry.LastIndexOf((byte)':') == colon)
        {
            // Exactly one colon: IPv4 with a port (a bare IPv6 address has at least two).
            if (!IsPort(entry[(colon + 1)..]) || !IpAddressParser.TryParseIPv4(entry[..colon], out var v4)) return false;
            address = IpAddressBytes.FromIPv4(v4);
            return true;
        }
        return IpAddressParser.TryParse(entry, out address);
    }

    private static bool IsPort(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text.Length > 5) return false;
        var value = 0;
        foreach (var c in text)
        {
            if ((uint)(c - '0') > 9) return false;
            value = value * 10 + (c - '0');
        }
        return value <= 65535;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim(" \t"u8);
}
