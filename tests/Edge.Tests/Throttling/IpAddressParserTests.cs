using System.Net;
using System.Text;
using Edge.Throttling;

namespace Edge.Tests.Throttling;

/// <summary>The allocation-free parser agrees with IPAddress on every form it accepts, and is stricter on IPv4.</summary>
public class IpAddressParserTests
{
    public static TheoryData<string> Valid => new()
    {
        "0.0.0.0", "1.2.3.4", "255.255.255.255", "192.168.0.10", "100.64.0.0",
        "::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "fe80::", "ff02::1:ff00:1",
        "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6::8", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:1.2.3.4",
        "::1.2.3.4", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "0:0:0:0:0:0:0:0", "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_addresses_parse_as_the_BCL_does(string text)
    {
        Assert.True(IpAddressBytes.TryParse(Encoding.ASCII.GetBytes(text), out var parsed));
        Assert.Equal(IpAddressBytes.From(IPAddress.Parse(text)), parsed);
    }

    public static TheoryData<string> Invalid => new()
    {
        "", " ", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "01.2.3.4", "1.2.3.04", "1.2.3.256", "1.2.3.1000",
        "0x1.2.3.4", "1.2.3.4 ", "-1.2.3.4", "1.2.3.-4", "::1::", ":::", ":1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "12345::", "1::2::3", "1:", ":1", "g::1", "::1.2.3", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%1",
        "[::1]", "::1 ", "1.2.3.4:80", "::ffff:01.2.3.4",
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_addresses_are_refused(string text)
    {
        Assert.False(IpAddressBytes.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Random_addresses_round_trip_through_the_BCL_text()
    {
        var random = new Random(11);
        var bytes = new byte[16];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            if (i % 4 == 0) Array.Clear(bytes, 2 + random.Next(8), random.Next(6)); // runs of zeros for "::"
            var address = i % 3 == 0 ? new IPAddress(bytes.AsSpan(0, 4)) : new IPAddress(bytes);
            var text = address.ToString();
            Assert.True(IpAddressBytes.TryParse(Encoding.ASCII.GetBytes(text), out var parsed), text);
            Assert.Equal(IpAddressBytes.From(address), parsed);
            Assert.Equal(address, parsed.ToIPAddress());
        }
    }

    [Fact]
    public void Masks_keep_the_prefix_of_the_address_family()
    {
        var v6 = IpAddressBytes.From(IPAddress.Parse("2001:db8:1:2:3:4:5:6"));
        Assert.Equal(IpAddressBytes.From(IPAddress.Parse("2001:db8:1:2::")), v6.Mask(64));
        Assert.Equal(IpAddressBytes.From(IPAddress.Parse("2001:db8::")), v6.Mask(32));
        Assert.Equal(v6, v6.Mask(128));
        var v4 = IpAddressBytes.From(IPAddress.Parse("198.51.100.77"));
        Assert.Equal(IpAddressBytes.From(IPAddress.Parse("198.51.100.0")), v4.Mask(24));
        Assert.Equal(v4, v4.Mask(32));
        Assert.True(v4.Mask(0).IsIPv4);
    }
}
