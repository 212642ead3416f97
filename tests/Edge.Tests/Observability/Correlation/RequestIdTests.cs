using System.Text;
using Edge.Http;
using Edge.Observability.Correlation;

namespace Edge.Tests.Observability.Correlation;

public sealed class RequestIdTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("f47ac10b-58cc-4372-a567-0e02b2c3d479")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("req_1.2~x:y+z/w=@host")]
    public void Valid_IdsAreKept(string id) => Assert.True(RequestIds.IsValid(Encoding.ASCII.GetBytes(id)));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("quote\"")]
    [InlineData("semi;colon")]
    [InlineData("tab\t")]
    [InlineData("caf\u00e9")]
    [InlineData("new\nline")]
    public void Invalid_IdsAreReplaced(string id) => Assert.False(RequestIds.IsValid(Encoding.UTF8.GetBytes(id)));

    [Fact]
    public void LongestKept_IsTheBound()
    {
        Assert.True(RequestIds.IsValid(Encoding.ASCII.GetBytes(new string('a', RequestCorrelation.MaxRequestIdBytes))));
        Assert.False(RequestIds.IsValid(Encoding.ASCII.GetBytes(new string('a', RequestCorrelation.MaxRequestIdBytes + 1))));
    }

    [Fact]
    public void Generated_Ids_Are32LowerHex_AndUnique()
    {
        var seen = new HashSet<string>();
        var buffer = new byte[64];
        for (var i = 0; i < 1000; i++)
        {
            var n = RequestIds.Generate(buffer);
            Assert.Equal(32, n);
            Assert.True(HexDigits.IsLowerHex(buffer.AsSpan(0, n)));
            Assert.True(seen.Add(Encoding.ASCII.GetString(buffer, 0, n)));
        }
    }

    [Theory]
    [InlineData("congo=t61rcWkgMzE", true)]
    [InlineData("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", true)]
    [InlineData("a=1, ,b=2", true)]          // empty members are allowed
    [InlineData("", false)]
    [InlineData("novalue", false)]
    [InlineData("=x", false)]
    [InlineData("k=", false)]
    [InlineData("k=\u0001", false)]
    public void TraceState_Validation(string value, bool ok) => Assert.Equal(ok, TraceState.IsPropagatable(Encoding.UTF8.GetBytes(value)));

    [Fact]
    public void TraceState_Bounds()
    {
        var members = string.Join(',', Enumerable.Range(0, TraceState.MaxMembers).Select(i => $"k{i}=v"));
        Assert.True(TraceState.IsPropagatable(Encoding.ASCII.GetBytes(members)));
        Assert.False(TraceState.IsPropagatable(Encoding.ASCII.GetBytes(members + ",x=y")));
        Assert.False(TraceState.IsPropagatable(Encoding.ASCII.GetBytes("k=" + new string('v', TraceState.MaxBytes))));
    }
}
