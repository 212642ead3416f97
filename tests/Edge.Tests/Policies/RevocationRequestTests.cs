using System.Text;
using Edge.Policies;
using Edge.Security.Revocation;

namespace Edge.Tests.Policies;

public sealed class RevocationRequestTests
{
    [Fact]
    public void OneJti_OneSubject_AndArrays()
    {
        var one = RevocationRequest.Parse("{\"jti\":\"abc\",\"exp\":1735689600}"u8, out _)!;
        Assert.Equal(RevocationKind.TokenId, Assert.Single(one).Kind);
        Assert.Equal("abc", Encoding.UTF8.GetString(one[0].Id));
        Assert.Equal(1735689600, one[0].Time);

        var sub = RevocationRequest.Parse("{\"sub\":\"al\\u0069ce\",\"before\":1735680000,\"drop_after\":1736000000}"u8, out _)!;
        Assert.Equal("alice", Encoding.UTF8.GetString(sub[0].Id));
        Assert.Equal((RevocationKind.Subject, 1735680000L, 1736000000L), (sub[0].Kind, sub[0].Time, sub[0].DropAfter));

        var many = RevocationRequest.Parse("[{\"jti\":\"a\",\"exp\":1},{\"sub\":\"b\",\"before\":2}]"u8, out _)!;
        Assert.Equal(2, many.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"jti\":\"a\"}")]
    [InlineData("{\"jti\":\"a\",\"exp\":\"1\"}")]
    [InlineData("{\"jti\":\"a\",\"exp\":1.5}")]
    [InlineData("{\"jti\":\"a\",\"exp\":-1}")]
    [InlineData("{\"jti\":\"a\",\"exp\":1e30}")]
    [InlineData("{\"jti\":\"\",\"exp\":1}")]
    [InlineData("{\"jti\":1,\"exp\":1}")]
    [InlineData("{\"jti\":\"a\",\"exp\":1,\"extra\":1}")]
    [InlineData("{\"jti\":\"a\",\"jti\":\"b\",\"exp\":1}")]
    [InlineData("{\"jti\":\"a\",\"sub\":\"b\",\"exp\":1}")]
    [InlineData("{\"sub\":\"a\",\"exp\":1}")]
    [InlineData("{\"jti\":\"a\",\"exp\":1} x")]
    [InlineData("{\"jti\":\"a\",\"exp\":1,}")]
    [InlineData("[[{\"jti\":\"a\",\"exp\":1}]]")]
    public void Refused_WithAMessage(string body)
    {
        Assert.Null(RevocationRequest.Parse(Encoding.UTF8.GetBytes(body), out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void LongId_IsRefused()
    {
        var body = $"{{\"jti\":\"{new string('a', RevocationFile.MaxIdBytes + 1)}\",\"exp\":1}}";
        Assert.Null(RevocationRequest.Parse(Encoding.UTF8.GetBytes(body), out _));
    }
}
