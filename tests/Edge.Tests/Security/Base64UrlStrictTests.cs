using System.Text;
using Edge.Security.Jwt;

namespace Edge.Tests.Security;

public sealed class Base64UrlStrictTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("QQ", "41")]
    [InlineData("QUI", "4142")]
    [InlineData("QUJD", "414243")]
    [InlineData("-_8", "FBFF")]
    public void Valid_Decodes(string encoded, string hex)
    {
        var buffer = new byte[16];
        Assert.True(Base64UrlStrict.TryDecode(Encoding.ASCII.GetBytes(encoded), buffer, out var n));
        Assert.Equal(hex, Convert.ToHexString(buffer, 0, n));
    }

    [Theory]
    [InlineData("QQ==")]     // padding
    [InlineData("QQ=")]
    [InlineData("Q")]        // impossible length
    [InlineData("QR")]       // non-zero trailing bits: a second spelling of "A"
    [InlineData("+/8")]      // standard alphabet
    [InlineData("QU JD")]    // whitespace
    [InlineData("QUJD\n")]
    [InlineData("QUJ\0")]
    [InlineData("QUJ\u00e9")]
    public void Invalid_IsRefused(string encoded)
    {
        var buffer = new byte[16];
        Assert.False(Base64UrlStrict.TryDecode(Encoding.UTF8.GetBytes(encoded), buffer, out _));
    }

    [Theory]
    [InlineData("none", JwsAlgorithm.None)]
    [InlineData("NoNe", JwsAlgorithm.None)]
    [InlineData("HS256", JwsAlgorithm.HS256)]
    [InlineData("PS512", JwsAlgorithm.PS512)]
    [InlineData("ES384", JwsAlgorithm.ES384)]
    [InlineData("EdDSA", JwsAlgorithm.EdDsa)]
    [InlineData("eddsa", JwsAlgorithm.Unknown)]
    [InlineData("hs256", JwsAlgorithm.Unknown)]
    [InlineData("HS257", JwsAlgorithm.Unknown)]
    [InlineData("XS256", JwsAlgorithm.Unknown)]
    [InlineData("", JwsAlgorithm.Unknown)]
    internal void AlgorithmNames_AreCaseSensitive_ExceptNone(string name, JwsAlgorithm expected) =>
        Assert.Equal(expected, JwsAlgorithms.Parse(name));
}
