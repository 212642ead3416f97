using System.Net;
using Edge.Policies;

namespace Edge.Tests.Policies;

public sealed class IpRulesTests
{
    private static IpRules Rules(string[] allow, string[] deny) =>
        new(allow.Select(Parse), deny.Select(Parse));

    private static (IPAddress, int) Parse(string cidr)
    {
        var n = IPNetwork.Parse(cidr.Contains('/', StringComparison.Ordinal) ? cidr : cidr + (cidr.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"));
        return (n.BaseAddress, n.PrefixLength);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("11.0.0.0", false)]
    [InlineData("10.9.0.1", false)] // denied inside the allowed /8: deny wins
    [InlineData("::ffff:10.1.2.3", true)] // a dual-stack listener's view of an IPv4 client
    [InlineData("2001:db8:1::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", false)]
    public void AllowAndDeny(string address, bool allowed)
    {
        var rules = Rules(["10.0.0.0/8", "2001:db8::/32", "127.0.0.1"], ["10.9.0.0/16"]);

        Assert.Equal(allowed, rules.Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void DenyOnly_AllowsTheRest()
    {
        var rules = Rules([], ["192.0.2.0/24", "::/0"]);

        Assert.False(rules.Allows(IPAddress.Parse("192.0.2.9")));
        Assert.True(rules.Allows(IPAddress.Parse("198.51.100.1")));
        Assert.False(rules.Allows(IPAddress.Parse("2001:db8::1")));
        // IPv4 clients are matched as IPv4, even on a dual-stack socket: ::/0 does not catch them.
        Assert.True(rules.Allows(IPAddress.Parse("::ffff:198.51.100.1")));
    }

    [Fact]
    public void MappedRule_IsTheIpv4Network()
    {
        var rules = Rules(["::ffff:10.0.0.0/104"], []);

        Assert.True(rules.Allows(IPAddress.Parse("10.2.3.4")));
        Assert.False(rules.Allows(IPAddress.Parse("11.2.3.4")));
    }

    [Fact]
    public void ZeroPrefix_MatchesItsFamily_AndUnknownAddressesAreRefused()
    {
        var rules = Rules(["0.0.0.0/0"], []);

        Assert.True(rules.Allows(IPAddress.Parse("203.0.113.5")));
        Assert.False(rules.Allows(IPAddress.Parse("2001:db8::1")));
        Assert.False(rules.Allows(null));
        Assert.True(Rules([], []).Allows(null));
    }
}
