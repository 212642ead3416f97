using System.Net;
using System.Text;
using Edge.Throttling;

namespace Edge.Tests.Throttling;

/// <summary>The client address behind trusted proxies: the rightmost untrusted X-Forwarded-For entry.</summary>
public class ForwardedForTests
{
    private static readonly TrustedProxies Trusted = new([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8:ff::/48")]);

    private static IpAddressBytes Ip(string text) => IpAddressBytes.From(IPAddress.Parse(text));

    public static TheoryData<string, string?, string> Cases => new()
    {
        // peer, X-Forwarded-For, expected client
        { "203.0.113.9", "198.51.100.1", "203.0.113.9" }, // untrusted peer: the header is ignored
        { "203.0.113.9", null, "203.0.113.9" },
        { "10.0.0.1", null, "10.0.0.1" }, // trusted peer, no header: the peer is all we know
        { "10.0.0.1", "198.51.100.1", "198.51.100.1" },
        { "10.0.0.1", "1.1.1.1, 2.2.2.2, 198.51.100.1", "198.51.100.1" }, // spoofed leftmost entries
        { "10.0.0.1", "1.1.1.1, 198.51.100.1, 10.0.0.2, 10.9.9.9", "198.51.100.1" }, // through two more proxies
        { "10.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3" }, // all trusted: the leftmost
        { "10.0.0.1", "198.51.100.1, garbage", "10.0.0.1" }, // garbage stops at the last trusted hop
        { "10.0.0.1", "198.51.100.1, unknown, 10.0.0.2", "10.0.0.2" },
        { "10.0.0.1", "198.51.100.1:5678", "198.51.100.1" },
        { "10.0.0.1", "2001:db8::7", "2001:db8::7" },
        { "10.0.0.1", "[2001:db8::7]:443", "2001:db8::7" },
        { "10.0.0.1", "[2001:db8::7]", "2001:db8::7" },
        { "10.0.0.1", "2001:db8::7, [2001:db8:ff::1]:80", "2001:db8::7" }, // a trusted IPv6 hop
        { "10.0.0.1", "198.51.100.1,, ,\t", "198.51.100.1" }, // empty list elements are skipped
        { "10.0.0.1", " \t198.51.100.1 \t", "198.51.100.1" },
        { "10.0.0.1", "", "10.0.0.1" },
        { "10.0.0.1", "010.0.0.1", "10.0.0.1" }, // a leading zero (octal to some parsers) is garbage
        { "10.0.0.1", "1.2.3", "10.0.0.1" },
        { "10.0.0.1", "1.2.3.4.5", "10.0.0.1" },
        { "10.0.0.1", "256.1.1.1", "10.0.0.1" },
        { "10.0.0.1", "fe80::1%eth0", "10.0.0.1" }, // zones are not client addresses
        { "10.0.0.1", "[2001:db8::7]:99999", "10.0.0.1" },
        { "10.0.0.1", "[2001:db8::7", "10.0.0.1" },
        { "10.0.0.1", "198.51.100.1:", "10.0.0.1" },
        { "10.0.0.1", "_hidden", "10.0.0.1" }, // RFC 7239 obfuscated identifier
        { "::ffff:10.0.0.1", "198.51.100.1", "198.51.100.1" }, // a dual-stack socket's mapped peer
        { "2001:db8:ff::5", "198.51.100.1", "198.51.100.1" }, // a trusted IPv6 peer
        { "2001:db8:fe::5", "198.51.100.1", "2001:db8:fe::5" }, // just outside the /48
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_client_is_the_rightmost_untrusted_entry(string peer, string? forwardedFor, string expected)
    {
        var client = ForwardedForWalker.Resolve(Trusted, Ip(peer), forwardedFor is null ? default : Encoding.ASCII.GetBytes(forwardedFor));
        Assert.Equal(Ip(expected), client);
    }

    [Fact]
    public void Several_header_lines_are_one_list_read_from_the_last_line()
    {
        var walker = new ForwardedForWalker(Trusted, Ip("10.0.0.1"));
        Assert.True(walker.FeedLine("10.0.0.4, 10.0.0.3"u8));
        Assert.False(walker.FeedLine("1.1.1.1, 198.51.100.1"u8));
        Assert.Equal(Ip("198.51.100.1"), walker.Client);
    }

    [Fact]
    public void The_walk_stops_after_max_hops()
    {
        var entries = string.Join(", ", Enumerable.Range(1, 40).Select(i => $"10.0.1.{i}"));
        var client = ForwardedForWalker.Resolve(Trusted, Ip("10.0.0.1"), Encoding.ASCII.GetBytes("198.51.100.1, " + entries));
        Assert.Equal(Ip($"10.0.1.{40 - ForwardedForWalker.MaxHops + 1}"), client);
    }

    [Fact]
    public void Families_never_cross()
    {
        var everyIPv6 = new TrustedProxies([IPNetwork.Parse("::/0")]);
        Assert.False(everyIPv6.Contains(Ip("10.0.0.1")));
        Assert.False(everyIPv6.Contains(Ip("::ffff:10.0.0.1")));
        Assert.True(everyIPv6.Contains(Ip("2001:db8::1")));
        var everyIPv4 = new TrustedProxies([IPNetwork.Parse("0.0.0.0/0")]);
        Assert.True(everyIPv4.Contains(Ip("::ffff:10.0.0.1")));
        Assert.False(everyIPv4.Contains(Ip("::1")));
        Assert.False(TrustedProxies.None.Contains(Ip("127.0.0.1")));
    }
}
