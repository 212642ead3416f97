using System.Text.Json;
using Edge.Security.Revocation;

namespace Edge.Security.Jwt;

/// <summary>
/// A token whose signature and claims were verified: what the gateway reads after authentication
/// (subject, scopes, any claim for claims-to-headers and throttle keys). Immutable, created once per
/// distinct token and shared by every request that presents the same token while it is cached, so
/// reading it allocates nothing.
/// </summary>
internal sealed class VerifiedJwt
{
    private readonly byte[] _payload;
    private readonly byte[] _subject;
    private readonly byte[] _tokenId;
    private readonly byte[] _scopes;

    public VerifiedJwt(
        byte[] token,
        ulong tokenHash,
        long generation,
        JwtIssuer issuer,
        JwsAlgorithm algorithm,
        byte[] payload,
        in JwtClaimSet claims,
        byte[] scopes)
    {
        Token = token;
        TokenHash = tokenHash;
        Generation = generation;
        Issuer = issuer;
        Algorithm = algorithm;
        _payload = payload;
        _subject = claims.HasSubject ? claims.Subject.ToArray() : [];
        HasSubject = claims.HasSubject;
        _tokenId = claims.HasJti ? claims.Jti.ToArray() : [];
        HasTokenId = claims.HasJti;
        _scopes = scopes;
        ExpiresAt = claims.HasExpiresAt ? claims.ExpiresAt : long.MaxValue;
        NotBefore = claims.HasNotBefore ? claims.NotBefore : long.MinValue;
        IssuedAt = claims.IssuedAt;
        HasIssuedAt = claims.HasIssuedAt;
        Revocation = RevocationCheck.For(claims.Jti, claims.HasJti, claims.Subject, claims.HasSubject, claims.IssuedAt, claims.HasIssuedAt);
    }

    /// <summary>The compact token exactly as presented: the cache key, compared in full on every hit.</summary>
    internal byte[] Token { get; }

    internal ulong TokenHash { get; }

    /// <summary>The validator (configuration and key sets) this token was verified under.</summary>
    internal long Generation { get; }

    public JwtIssuer Issuer { get; }

    public JwsAlgorithm Algorithm { get; }

    /// <summary><c>exp</c> in Unix seconds; <see cref="long.MaxValue"/> when the token has none.</summary>
    public long ExpiresAt { get; }

    /// <summary><c>nbf</c> in Unix seconds; <see cref="long.MinValue"/> when the token has none.</summary>
    public long NotBefore { get; }

    public long IssuedAt { get; }

    public bool HasIssuedAt { get; }

    public ReadOnlySpan<byte> Subject => _subject;

    /// <summary><see cref="Subject"/> as memory over the token's own immutable copy (empty when absent), so an
    /// exchange or a log entry can refer to it without copying.</summary>
    public ReadOnlyMemory<byte> SubjectMemory => _subject;

    public bool HasSubject { get; }

    public ReadOnlySpan<byte> TokenId => _tokenId;

    public bool HasTokenId { get; }

    /// <summary>Granted scopes from <c>scope</c> and <c>scp</c>, space-separated (see <see cref="Scopes.ScopeList"/>).</summary>
    public ReadOnlySpan<byte> Scopes => _scopes;

    /// <summary>The decoded claims set (JSON), for claims Edge does not model.</summary>
    public ReadOnlySpan<byte> Payload => _payload;

    internal RevocationCheck Revocation { get; }

    /// <summary>The raw JSON value of a top-level claim (strings keep their quotes and escapes).</summary>
    public bool TryGetClaim(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> rawJson)
    {
        rawJson = default;
        var reader = new Utf8JsonReader(_payload, JwtJson.Options);
        if (!Seek(ref reader, name)) return false;
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        rawJson = _payload.AsSpan(start, (int)reader.BytesConsumed - start);
        return true;
    }

    /// <summary>
    /// A top-level claim as text, for a header value or a throttle key: strings unescaped, numbers
    /// and booleans as written. False for objects, arrays, null, absence, or when
    /// <paramref name="destination"/> is too small.
    /// </summary>
    public bool TryGetClaimText(ReadOnlySpan<byte> name, Span<byte> destination, out int written)
    {
        written = 0;
        var reader = new Utf8JsonReader(_payload, JwtJson.Options);
        if (!Seek(ref reader, name)) return false;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueSpan.Length > destination.Length && !reader.ValueIsEscaped) return false;
                try
                {
                    written = reader.CopyString(destination);
                    return true;
                }
                catch (ArgumentException)
                {
                    // The unescaped value does not fit the caller's buffer.
                    return false;
                }
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                if (reader.ValueSpan.Length > destination.Length) return false;
                reader.ValueSpan.CopyTo(destination);
                written = reader.ValueSpan.Length;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Leaves the reader on the value of the top-level member <paramref name="name"/>.</summary>
    private static bool Seek(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        // The payload was fully validated when the token was verified, so this cannot throw.
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) return true;
            reader.Skip();
        }
        return false;
    }
}
