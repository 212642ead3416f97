using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;
using static Edge.Tests.Security.TestTokens;

namespace Edge.Tests.Security;

/// <summary>
/// An issuer's <c>algorithms = [...]</c> is policy: a token in another algorithm is refused before the key
/// is looked up or any signature is checked (cheap refusal, RFC 8725 §3.1).
/// </summary>
public sealed class JwtIssuerAlgorithmsTests
{
    /// <summary>The standard keys, each wrapped so the test can see whether its Verify ran.</summary>
    private static (JwtValidator Validator, CountingKey[] Keys) Build(params JwsAlgorithm[] allowed)
    {
        var keys = LoadJwks(StandardJwks()).Keys.Select(k => new CountingKey(k)).ToArray();
        var issuer = new JwtIssuer("km", Issuer, new JwtKeySet(keys), ["edge"], algorithms: allowed);
        return (TestTokens.Validator(issuer), keys);
    }

    public static TheoryData<string> RefusedAlgorithms() => ["HS256", "HS512", "RS384", "PS256", "ES384", "ES512"];

    [Theory]
    [MemberData(nameof(RefusedAlgorithms))]
    public void AlgorithmOutsideTheIssuersList_IsRefusedBeforeAnySignatureWork(string alg)
    {
        var (validator, keys) = Build(JwsAlgorithm.RS256, JwsAlgorithm.ES256);
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(validator, Token(alg, KidFor(alg))));
        Assert.All(keys, k => Assert.Equal(0, k.Verifications));
    }

    [Fact]
    public void AlgorithmOutsideTheList_WithForgedSignature_IsStillAlgorithmMismatch()
    {
        var (validator, keys) = Build(JwsAlgorithm.ES256);
        var input = B64(Header("RS256", "rsa")) + "." + B64(Claims());
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(validator, input + "." + B64(new byte[256])));
        Assert.All(keys, k => Assert.Equal(0, k.Verifications));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public void AlgorithmInTheList_IsVerifiedOnce(string alg)
    {
        var (validator, keys) = Build(JwsAlgorithm.RS256, JwsAlgorithm.ES256);
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token(alg, KidFor(alg))));
        Assert.Equal(1, keys.Sum(k => k.Verifications));
    }

    [Fact]
    public void NoList_TheKeysAloneDecide()
    {
        var (validator, _) = Build();
        foreach (var alg in JwtAttackTests.Algorithms())
            Assert.Equal(JwtValidationResult.Valid, Validate(validator, Token(alg, KidFor(alg))));
    }

    [Fact]
    public void ListNeverWidensWhatAKeyAllows()
    {
        // ES256 is listed, but the kid names the RSA key: the key still refuses it.
        var (validator, keys) = Build(JwsAlgorithm.ES256, JwsAlgorithm.RS256);
        var input = B64(Header("ES256", "rsa")) + "." + B64(Claims());
        Assert.Equal(JwtValidationResult.AlgorithmMismatch, Validate(validator, input + "." + B64(new byte[64])));
        Assert.All(keys, k => Assert.Equal(0, k.Verifications));
    }

    /// <summary>A key that counts its signature checks and delegates to the real one.</summary>
    private sealed class CountingKey(JwtSigningKey inner) : JwtSigningKey(inner.Kid, inner.Algorithms)
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public override string KeyType => inner.KeyType;

        public override int KeySizeBits => inner.KeySizeBits;

        public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
        {
            Interlocked.Increment(ref _verifications);
            return inner.Verify(algorithm, signingInput, signature);
        }
    }
}
