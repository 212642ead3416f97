using System.Text;
using Edge.Policies;

namespace Edge.Tests.Policies;

public sealed class QueryParametersTests
{
    [Theory]
    [InlineData("key=abc", "abc")]
    [InlineData("a=1&key=abc&b=2", "abc")]
    [InlineData("key", "")]
    [InlineData("akey=x&key=y", "y")]
    public void TryFind(string query, string expected)
    {
        Assert.True(QueryParameters.TryFind(Encoding.ASCII.GetBytes(query), "key"u8, out var value));
        Assert.Equal(expected, Encoding.ASCII.GetString(value));
    }

    [Theory]
    [InlineData("key=abc", "")]
    [InlineData("a=1&key=abc&b=2", "a=1&b=2")]
    [InlineData("key=1&key=2&c", "c")]
    [InlineData("a=1&&key=2", "a=1")]
    [InlineData("keys=1", "keys=1")]
    public void Without(string query, string expected)
    {
        var destination = new byte[query.Length];
        var n = QueryParameters.Without(Encoding.ASCII.GetBytes(query), "key"u8, destination);
        Assert.Equal(expected, Encoding.ASCII.GetString(destination, 0, n));
    }

    [Theory]
    [InlineData("a%2Db", "a-b")]
    [InlineData("a+b", "a b")]
    [InlineData("%zz", null)]
    [InlineData("%4", null)]
    public void Decode(string raw, string? expected)
    {
        var destination = new byte[raw.Length];
        var n = QueryParameters.Decode(Encoding.ASCII.GetBytes(raw), destination);
        Assert.Equal(expected, n < 0 ? null : Encoding.ASCII.GetString(destination, 0, n));
    }
}
