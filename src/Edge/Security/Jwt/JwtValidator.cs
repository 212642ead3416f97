using System.Buffers;
using Edge.Security.Revocation;
using Edge.Security.Scopes;

namespace Edge.Security.Jwt;

/// <summary>
/// Validates bearer JWTs (RFC 7519, RFC 8725) against the configured issuers:
/// <code>
/// size cap ─▶ cache hit? ─yes─▶ exp/nbf now ─▶ revoked? ─▶ Valid (no allocation)
///                 │no
///                 ▼
/// split + strict base64url ─▶ header (alg none?) ─▶ claims ─▶ issuer by iss ─▶ alg in the issuer's list?
/// ─▶ key by kid ─▶ alg allowed by key? ─▶ crit ─▶ typ ─▶ exp/nbf/iat ─▶ aud ─▶ revoked? ─▶ signature ─▶ cache
/// </code>
/// The cheap claim checks run before the signature so expired or misaddressed tokens cost no
/// public-key operation; a token is accepted only when every check passed. One instance serves one
/// configuration; its <see cref="Generation"/> tags the cache entries it creates, so a cache shared
/// across reloads never answers for a token verified under other keys or audiences.
/// </summary>
internal sealed class JwtValidator
{
    private static long s_generations;

    private readonly JwtIssuer[] _issuers;
    private readonly JwtValidatorOptions _options;
    private readonly RevocationList? _revocations;
    private readonly VerifiedJwtCache? _cache;
    private readonly TimeProvider _time;
    private readonly long _skewSeconds;

    public JwtValidator(IReadOnlyList<JwtIssuer> issuers, JwtValidatorOptions options, RevocationList? revocations, VerifiedJwtCache? cache, TimeProvider time)
    {
        options.Validate();
        var duplicate = issuers.GroupBy(i => i.Issuer, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"issuer \"{duplicate.Key}\" is configured twice", nameof(issuers));
        _issuers = [.. issuers];
        _options = options;
        _revocations = revocations;
        _cache = cache;
        _time = time;
        _skewSeconds = (long)options.ClockSkew.TotalSeconds;
        Generation = Interlocked.Increment(ref s_generations);
    }

    public long Generation { get; }

    /// <summary>The configured issuers, in order.</summary>
    public IReadOnlyList<JwtIssuer> Issuers => _issuers;

    public JwtValidationResult Validate(ReadOnlySpan<byte> token, out VerifiedJwt? jwt) =>
        Validate(token, _time.GetUtcNow().ToUnixTimeSeconds(), out jwt);

    /// <param name="now">Unix seconds (the caller's clock for this request).</param>
    public JwtValidationResult Validate(ReadOnlySpan<byte> token, long now, out VerifiedJwt? jwt)
    {
        jwt = null;
        // Before anything else: an oversized token costs one comparison (SECURITY.md case 55).
        if (token.Length > _options.MaxTokenBytes) return JwtValidationResult.TooLarge;
        ulong hash = 0;
        if (_cache is not null)
        {
            hash = _cache.Hash(token);
            if (_cache.Find(token, hash) is { } cached && cached.Generation == Generation)
            {
                var result = CheckCached(cached, now);
                if (result == JwtValidationResult.Valid) jwt = cached;
                return result;
            }
        }
        return VerifyAndCache(token, now, hash, out jwt);
    }

    /// <summary>A cached token was fully verified once; only time and revocation can change its answer.
    /// (Arithmetic is on <paramref name="now"/>'s side: exp/nbf may be long.MaxValue/MinValue sentinels.)</summary>
    private JwtValidationResult CheckCached(VerifiedJwt cached, long now)
    {
        if (now - _skewSeconds >= cached.ExpiresAt)
        {
            _cache!.Remove(cached);
            return JwtValidationResult.Expired;
        }
        // Only a clock stepped backwards makes a cached token not yet valid.
        if (cached.NotBefore > now + _skewSeconds) return JwtValidationResult.NotYetValid;
        if (_revocations is not null && _revocations.IsRevoked(cached.Revocation)) return JwtValidationResult.Revoked;
        return JwtValidationResult.Valid;
    }

    private JwtValidationResult VerifyAndCache(ReadOnlySpan<byte> token, long now, ulong hash, out VerifiedJwt? jwt)
    {
        jwt = null;
        var size = DecodedJws.BufferSize(token.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var result = DecodedJws.TryDecode(token, buffer, out var jws);
            if (result != JwtValidationResult.Valid) return result;
            result = JwtClaimSet.TryRead(jws.Payload, jws.PayloadScratch, out var claims);
            if (result != JwtValidationResult.Valid) return result;
            var issuer = FindIssuer(claims.Issuer, claims.HasIssuer);
            if (issuer is null) return JwtValidationResult.UnknownIssuer;
            // The issuer's algorithms list is policy, not key material: refuse before any key or signature work.
            if (!issuer.AllowsAlgorithm(jws.Header.Algorithm)) return JwtValidationResult.AlgorithmMismatch;
            result = JwsKeySelector.Select(jws.Header, issuer.Keys, out var key);
            if (result != JwtValidationResult.Valid) return result;
            if (!issuer.AcceptsType(jws.Header.Typ, jws.Header.HasTyp)) return JwtValidationResult.WrongType;
            result = CheckTimes(claims, now);
            if (result != JwtValidationResult.Valid) return result;
            if (!AudienceMatcher.Matches(claims.Audience, issuer.Audiences)) return JwtValidationResult.WrongAudience;
            var revocation = RevocationCheck.For(claims.Jti, claims.HasJti, claims.Subject, claims.HasSubject, claims.IssuedAt, claims.HasIssuedAt);
            if (_revocations is not null && _revocations.IsRevoked(revocation)) return JwtValidationResult.Revoked;
            if (!key!.Verify(jws.Header.Algorithm, jws.SigningInput, jws.Signature)) return JwtValidationResult.BadSignature;

            jwt = new VerifiedJwt(token.ToArray(), hash, Generation, issuer, jws.Header.Algorithm, jws.Payload.ToArray(), claims,
                ScopeList.Build(claims.Scope, claims.Scp));
            _cache?.Add(jwt, now, Generation);
            return JwtValidationResult.Valid;
        }
        finally
        {
            // The buffer held a bearer credential's decoded parts: wipe what was used before pooling it.
            buffer.AsSpan(0, size).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RFC 7519 §4.1.4–4.1.6 with the configured skew in the token's favour.</summary>
    private JwtValidationResult CheckTimes(in JwtClaimSet claims, long now)
    {
        if (!claims.HasExpiresAt)
        {
            if (_options.RequireExpiration) return JwtValidationResult.MissingClaim;
        }
        else if (now - _skewSeconds >= claims.ExpiresAt)
        {
            return JwtValidationResult.Expired;
        }
        if (claims.HasNotBefore && claims.NotBefore > now + _skewSeconds) return JwtValidationResult.NotYetValid;
        if (claims.HasIssuedAt && claims.IssuedAt > now + _skewSeconds) return JwtValidationResult.IssuedInFuture;
        return JwtValidationResult.Valid;
    }

    private JwtIssuer? FindIssuer(ReadOnlySpan<byte> iss, bool hasIssuer)
    {
        if (!hasIssuer) return null;
        foreach (var issuer in _issuers)
        {
            if (iss.SequenceEqual(issuer.IssuerUtf8)) return issuer;
        }
        return null;
    }
}
