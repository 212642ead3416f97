using System.Security.Cryptography;
using System.Text;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;
using Edge.Security.Revocation;
using static Edge.Tests.Security.TestTokens;

namespace Edge.Tests.Security;

/// <summary>The verified-token cache: hits skip the signature, never skip exp or revocation (SECURITY.md case 56).</summary>
public sealed class VerifiedJwtCacheTests
{
    /// <summary>Counts signature checks so a test can tell a hit from a miss.</summary>
    private sealed class CountingKey(JwtSigningKey inner) : JwtSigningKey(inner.Kid, inner.Algorithms)
    {
        public int Verifications;

        public override string KeyType => inner.KeyType;

        public override int KeySizeBits => inner.KeySizeBits;

        public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
        {
            Interlocked.Increment(ref Verifications);
            return inner.Verify(algorithm, signingInput, signature);
        }
    }

    private static (JwtValidator Validator, CountingKey Key, RevocationList Revocations) Setup(int cacheSize = 100)
    {
        var key = new CountingKey(LoadJwks($"{{\"keys\":[{RsaJwk(Rsa, "rsa")}]}}").Keys[0]);
        var revocations = new RevocationList();
        var issuer = new JwtIssuer("km", Issuer, new JwtKeySet([key]), ["edge"]);
        return (TestTokens.Validator(issuer, revocations: revocations, cache: new VerifiedJwtCache(cacheSize)), key, revocations);
    }

    [Fact]
    public void RepeatedToken_VerifiesSignatureOnce_AndReturnsTheSameObject()
    {
        var (validator, key, _) = Setup();
        var token = Encoding.ASCII.GetBytes(Token("RS256", "rsa"));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out var first));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now + 1, out var second));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token.ToArray(), Now + 2, out _));
        Assert.Same(first, second);
        Assert.Equal(1, key.Verifications);
    }

    [Fact]
    public void CachedToken_ExpiresAtExp()
    {
        var (validator, key, _) = Setup();
        var token = Encoding.ASCII.GetBytes(Token("RS256", "rsa", Claims(exp: Now + 100)));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out _));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now + 159, out _));
        Assert.Equal(JwtValidationResult.Expired, validator.Validate(token, Now + 160, out var jwt));
        Assert.Null(jwt);
        Assert.Equal(1, key.Verifications);
        // The expired entry was dropped; the full path says the same.
        Assert.Equal(JwtValidationResult.Expired, validator.Validate(token, Now + 160, out _));
    }

    [Fact]
    public void CachedToken_RevokedByJti_IsRefusedAtOnce()
    {
        var (validator, _, revocations) = Setup();
        var token = Encoding.ASCII.GetBytes(Token("RS256", "rsa"));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out _));
        revocations.RevokeTokenId("id-1"u8, Now + 3600);
        Assert.Equal(JwtValidationResult.Revoked, validator.Validate(token, Now, out _));
    }

    [Fact]
    public void CachedToken_RevokedBySubject_IssuedBeforeCutoff()
    {
        var (validator, _, revocations) = Setup();
        var token = Encoding.ASCII.GetBytes(Token("RS256", "rsa")); // iat = Now - 10
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out _));
        revocations.RevokeSubject("alice"u8, Now - 10); // iat < before is false: still valid
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out _));
        revocations.RevokeSubject("alice"u8, Now - 9);
        Assert.Equal(JwtValidationResult.Revoked, validator.Validate(token, Now, out _));
        // A token issued after the cut-off is fine.
        var fresh = Encoding.ASCII.GetBytes(Token("RS256", "rsa", Claims().Replace($"\"iat\":{Now - 10}", $"\"iat\":{Now}", StringComparison.Ordinal)));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(fresh, Now, out _));
    }

    [Fact]
    public void NewValidatorGeneration_DoesNotUseOldEntries()
    {
        var cache = new VerifiedJwtCache(100);
        var key = new CountingKey(LoadJwks($"{{\"keys\":[{RsaJwk(Rsa, "rsa")}]}}").Keys[0]);
        var issuer = new JwtIssuer("km", Issuer, new JwtKeySet([key]), ["edge"]);
        var token = Encoding.ASCII.GetBytes(Token("RS256", "rsa"));
        Assert.Equal(JwtValidationResult.Valid, TestTokens.Validator(issuer, cache: cache).Validate(token, Now, out _));
        // A reload with other audiences: the cached answer must not carry over.
        var reloaded = TestTokens.Validator(new JwtIssuer("km", Issuer, new JwtKeySet([key]), ["other"]), cache: cache);
        Assert.Equal(JwtValidationResult.WrongAudience, reloaded.Validate(token, Now, out _));
        // Even an identical configuration is a new generation: the token is verified once more.
        Assert.Equal(JwtValidationResult.Valid, TestTokens.Validator(issuer, cache: cache).Validate(token, Now, out _));
        Assert.Equal(2, key.Verifications);
    }

    [Fact]
    public void Cache_IsBounded()
    {
        var cache = new VerifiedJwtCache(16);
        var validator = TestTokens.Validator(cache: cache);
        for (var i = 0; i < 200; i++)
        {
            var token = Encoding.ASCII.GetBytes(Token("HS256", "hmac", Claims($"\"n\":{i}")));
            Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out _));
        }
        Assert.Equal(16, cache.Capacity);
        Assert.Equal(16, cache.Count());
    }

    [Fact]
    public void CachedToken_DifferentByOneByte_IsNotAHit()
    {
        var (validator, key, _) = Setup();
        var token = Token("RS256", "rsa");
        Assert.Equal(JwtValidationResult.Valid, Validate(validator, token));
        // Same signature tail, header changed: must be verified (and fail), not served from the cache.
        var parts = token.Split('.');
        var other = B64(Header("RS256", "rsa") + " ") + "." + parts[1] + "." + parts[2];
        Assert.Equal(JwtValidationResult.BadSignature, Validate(validator, other));
        Assert.Equal(2, key.Verifications);
    }

    [Fact]
    public void CacheHit_AllocatesNothing()
    {
        var (validator, _, revocations) = Setup();
        revocations.RevokeTokenId("other"u8, Now + 10);
        var token = Encoding.ASCII.GetBytes(Token("RS256", "rsa"));
        Assert.Equal(JwtValidationResult.Valid, validator.Validate(token, Now, out _));
        for (var i = 0; i < 10; i++) validator.Validate(token, Now, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) validator.Validate(token, Now, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ConcurrentValidation_OfManyTokens_IsConsistent()
    {
        var cache = new VerifiedJwtCache(64);
        var validator = TestTokens.Validator(cache: cache);
        var tokens = Enumerable.Range(0, 200).Select(i => Encoding.ASCII.GetBytes(Token("HS256", "hmac", Claims($"\"n\":{i}")))).ToArray();
        var bad = tokens.Select(t => { var c = (byte[])t.Clone(); c[^3] ^= 1; return c; }).ToArray();
        Parallel.For(0, 4, worker =>
        {
            for (var round = 0; round < 20; round++)
            {
                for (var i = worker; i < tokens.Length; i += 2)
                {
                    Assert.Equal(JwtValidationResult.Valid, validator.Validate(tokens[i], Now, out var jwt));
                    Assert.True(jwt!.Token.AsSpan().SequenceEqual(tokens[i]));
                    Assert.NotEqual(JwtValidationResult.Valid, validator.Validate(bad[i], Now, out _));
                }
            }
        });
    }

    /// <summary>One imported RSA/EC key verifies from many threads at once (no shared mutable state).</summary>
    [Fact]
    public void ConcurrentFullVerification_WithSharedAsymmetricKeys()
    {
        var validator = TestTokens.Validator();
        var good = new[] { "RS256", "PS384", "ES256", "ES512" }.Select(a => Encoding.ASCII.GetBytes(Token(a, KidFor(a)))).ToArray();
        var bad = good.Select(t => { var c = (byte[])t.Clone(); c[^2] = (byte)(c[^2] == (byte)'A' ? 'B' : 'A'); return c; }).ToArray();
        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 50; i++)
            {
                var k = (worker + i) % good.Length;
                Assert.Equal(JwtValidationResult.Valid, validator.Validate(good[k], Now, out _));
                Assert.NotEqual(JwtValidationResult.Valid, validator.Validate(bad[k], Now, out _));
            }
        });
    }
}
