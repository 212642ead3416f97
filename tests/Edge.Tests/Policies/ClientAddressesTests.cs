using System.Net;
using Edge.Policies;
using Edge.Throttling;

namespace Edge.Tests.Policies;

/// <summary>
/// The client address the gateway resolves once per exchange (for the API's IP rules and "ip" throttle
/// keys): the peer, or the first untrusted X-Forwarded-For hop from the right when the peer is a trusted
/// proxy. A header from an untrusted peer is never read.
/// </summary>
public class ClientAddressesTests
{
    private static readonly TrustedProxies Proxies = new([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8:ff::/48")]);

    [Theory]
    // Untrusted peer: its X-Forwarded-For is ignored (a spoofing client).
    [InlineData("198.51.100.7", new[] { "1.2.3.4" }, "198.51.100.7")]
    // Trusted peer: the rightmost untrusted entry.
    [InlineData("10.0.0.1", new[] { "1.2.3.4, 198.51.100.7" }, "198.51.100.7")]
    // Trusted hops are skipped, left of the client is never read.
    [InlineData("10.0.0.1", new[] { "6.6.6.6, 198.51.100.7, 10.0.0.9" }, "198.51.100.7")]
    // Several lines: the last line first.
    [InlineData("10.0.0.1", new[] { "6.6.6.6, 198.51.100.7", "10.1.1.1" }, "198.51.100.7")]
    // Garbage ends the walk at the last trusted hop.
    [InlineData("10.0.0.1", new[] { "1.2.3.4, unknown" }, "10.0.0.1")]
    // Trusted peer without the header: the peer.
    [InlineData("10.0.0.1", new string[0], "10.0.0.1")]
    // IPv6 proxy and client, with a port.
    [InlineData("2001:db8:ff::1", new[] { "[2001:db8:1::5]:4711" }, "2001:db8:1::5")]
    public void Resolve(string peer, string[] forwardedFor, string expected)
    {
        var exchange = PolicyKit.Request("GET /a/x", IPAddress.Parse(peer), [.. forwardedFor.Select(v => "X-Forwarded-For: " + v)]);

        Assert.Equal(IpAddressBytes.From(IPAddress.Parse(expected)), ClientAddresses.Resolve(exchange, Proxies));
    }

    [Fact]
    public void NoTrustedProxies_IsThePeer_AndNoPeerIsUnknown()
    {
        var exchange = PolicyKit.Request("GET /a/x", IPAddress.Parse("10.0.0.1"), "X-Forwarded-For: 1.2.3.4");
        Assert.Equal(IpAddressBytes.From(IPAddress.Parse("10.0.0.1")), ClientAddresses.Resolve(exchange, TrustedProxies.None));
        Assert.Null(ClientAddresses.Resolve(PolicyKit.Request("GET /a/x", (IPAddress?)null), Proxies));
    }

    [Theory]
    [InlineData("192.0.2.9", false)]
    [InlineData("198.51.100.1", true)]
    [InlineData("::ffff:198.51.100.1", true)]
    [InlineData("2001:db8::1", false)]
    public void IpRules_OnTheResolvedClient_MatchTheAddressForm(string address, bool allowed)
    {
        var rules = new IpRules([(IPAddress.Parse("198.51.100.0"), 24)], [(IPAddress.Parse("192.0.2.0"), 24)]);

        Assert.Equal(allowed, rules.AllowsClient(IpAddressBytes.From(IPAddress.Parse(address))));
        Assert.Equal(rules.Allows(IPAddress.Parse(address)), rules.AllowsClient(IpAddressBytes.From(IPAddress.Parse(address))));
        Assert.False(rules.AllowsClient(null));
    }
}
