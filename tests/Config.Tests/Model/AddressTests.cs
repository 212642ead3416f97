using System.Net;
using Edge.Config.Model;

namespace Edge.Config.Tests.Model;

public sealed class AddressTests
{
    [Theory]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080)]
    [InlineData("[::1]:9901", "::1", 9901)]
    [InlineData("[::]:443", "::", 443)]
    [InlineData("localhost:80", "localhost", 80)]
    [InlineData("edge-1.internal:65535", "edge-1.internal", 65535)]
    public void EndpointAddress_Valid_Parses(string text, string host, int port)
    {
        Assert.True(EndpointAddress.TryParse(text, out var a));
        Assert.Equal(new EndpointAddress(host, port), a);
        Assert.Equal(text, a.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("8080")]
    [InlineData(":8080")]
    [InlineData("0.0.0.0")]
    [InlineData("0.0.0.0:0")]
    [InlineData("0.0.0.0:65536")]
    [InlineData("::1:80")]          // IPv6 needs brackets
    [InlineData("[::1]")]
    [InlineData("[nothex]:80")]
    [InlineData("local host:80")]
    [InlineData("host:80x")]
    public void EndpointAddress_Invalid_ReturnsFalse(string text)
    {
        Assert.False(EndpointAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001", "http", "127.0.0.1", 9001, "")]
    [InlineData("http://backend", "http", "backend", 80, "")]
    [InlineData("https://api.example.com", "https", "api.example.com", 443, "")]
    [InlineData("https://API.Example.com:8443/v2/base", "https", "api.example.com", 8443, "/v2/base")]
    [InlineData("http://[::1]:9001/", "http", "::1", 9001, "")]
    public void UpstreamUrl_Valid_Parses(string text, string scheme, string host, int port, string path)
    {
        Assert.True(UpstreamUrl.TryParse(text, out var u));
        Assert.Equal(new UpstreamUrl(scheme, host, port, path), u);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:9001")]               // no scheme
    [InlineData("ftp://host")]
    [InlineData("ws://host")]
    [InlineData("http://")]
    [InlineData("http://host:0")]
    [InlineData("http://host:99999")]
    [InlineData("http://host/path?q=1")]
    [InlineData("http://host/#frag")]
    [InlineData("http://user:pw@host")]
    [InlineData("http://ho st")]
    [InlineData("http://[::1")]
    public void UpstreamUrl_Invalid_ReturnsFalse(string text)
    {
        Assert.False(UpstreamUrl.TryParse(text, out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", 8)]
    [InlineData("192.168.1.7", "192.168.1.7", 32)]
    [InlineData("2001:db8::/32", "2001:db8::", 32)]
    [InlineData("::1", "::1", 128)]
    public void CidrRange_Valid_Parses(string text, string address, int prefix)
    {
        Assert.True(CidrRange.TryParse(text, out var c));
        Assert.Equal(new IPNetwork(IPAddress.Parse(address), prefix), c.Network);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.1/8")]      // host bits set
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("example.com")]
    [InlineData("::/129")]
    public void CidrRange_Invalid_ReturnsFalse(string text)
    {
        Assert.False(CidrRange.TryParse(text, out _));
    }
}
