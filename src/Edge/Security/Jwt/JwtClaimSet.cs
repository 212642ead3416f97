using System.Text.Json;

namespace Edge.Security.Jwt;

/// <summary>
/// The registered claims Edge checks, read once from the decoded payload (RFC 7519 §4.1) before the
/// signature is verified, without allocating. Strings are unescaped (into the caller's scratch when
/// needed); <c>aud</c>, <c>scope</c> and <c>scp</c> stay as raw JSON values and are read again only
/// when used. Any other claim is looked up later on the verified payload (<see cref="VerifiedJwt.TryGetClaim"/>).
/// </summary>
internal ref struct JwtClaimSet
{
    public ReadOnlySpan<byte> Issuer;
    public bool HasIssuer;
    public ReadOnlySpan<byte> Subject;
    public bool HasSubject;
    public ReadOnlySpan<byte> Jti;
    public bool HasJti;

    /// <summary>Raw JSON: a string or an array of strings.</summary>
    public ReadOnlySpan<byte> Audience;

    /// <summary>Raw JSON string: space-separated scopes (RFC 8693 §4.2).</summary>
    public ReadOnlySpan<byte> Scope;

    /// <summary>Raw JSON: a string (space-separated) or an array of strings (Azure AD, Okta).</summary>
    public ReadOnlySpan<byte> Scp;

    public long ExpiresAt;
    public bool HasExpiresAt;
    public long NotBefore;
    public bool HasNotBefore;
    public long IssuedAt;
    public bool HasIssuedAt;

    /// <summary>
    /// <see cref="JwtValidationResult.Malformed"/> when the payload is not one JSON object (text
    /// payloads are JWS but not JWTs) or breaks the JSON rules; <see cref="JwtValidationResult.InvalidClaim"/>
    /// when a registered claim has the wrong type or range.
    /// </summary>
    /// <param name="scratch">At least <paramref name="json"/>.Length bytes, for unescaped strings.</param>
    public static JwtValidationResult TryRead(ReadOnlySpan<byte> json, Span<byte> scratch, out JwtClaimSet claims)
    {
        claims = default;
        if (!JwtJson.IsValidUtf8(json)) return JwtValidationResult.Malformed;
        Span<ulong> names = stackalloc ulong[JwtJson.MaxMembers * 2];
        var seen = new JsonNameSet(names);
        try
        {
            var reader = new Utf8JsonReader(json, JwtJson.Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return JwtValidationResult.Malformed;
            var invalid = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!JsonNameSet.TryHash(ref reader, out var nameHash) || !seen.TryAdd(nameHash)) return JwtValidationResult.Malformed;
                var name = Classify(ref reader);
                if (!reader.Read()) return JwtValidationResult.Malformed;
                var valueStart = (int)reader.TokenStartIndex;
                switch (name)
                {
                    case Claim.Iss:
                        claims.HasIssuer = StringClaim(ref reader, ref scratch, out claims.Issuer, ref invalid);
                        break;
                    case Claim.Sub:
                        claims.HasSubject = StringClaim(ref reader, ref scratch, out claims.Subject, ref invalid);
                        break;
                    case Claim.Jti:
                        claims.HasJti = StringClaim(ref reader, ref scratch, out claims.Jti, ref invalid);
                        break;
                    case Claim.Exp:
                        claims.HasExpiresAt = true;
                        invalid |= !JwtJson.TryGetNumericDate(ref reader, out claims.ExpiresAt);
                        reader.Skip();
                        break;
                    case Claim.Nbf:
                        claims.HasNotBefore = true;
                        invalid |= !JwtJson.TryGetNumericDate(ref reader, out claims.NotBefore);
                        reader.Skip();
                        break;
                    case Claim.Iat:
                        claims.HasIssuedAt = true;
                        invalid |= !JwtJson.TryGetNumericDate(ref reader, out claims.IssuedAt);
                        reader.Skip();
                        break;
                    case Claim.Aud:
                        invalid |= !StringOrStringArray(ref reader);
                        claims.Audience = json[valueStart..(int)reader.BytesConsumed];
                        break;
                    case Claim.Scope:
                        invalid |= reader.TokenType != JsonTokenType.String;
                        claims.Scope = json[valueStart..(int)reader.BytesConsumed];
                        break;
                    case Claim.Scp:
                        invalid |= !StringOrStringArray(ref reader);
                        claims.Scp = json[valueStart..(int)reader.BytesConsumed];
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return JwtValidationResult.Malformed;
            return invalid ? JwtValidationResult.InvalidClaim : JwtValidationResult.Valid;
        }
        catch (JsonException)
        {
            // Utf8JsonReader has no non-throwing mode; malformed payloads are rare and size-capped.
            return JwtValidationResult.Malformed;
        }
        catch (InvalidOperationException)
        {
            // CopyString on an escape that does not unescape to valid UTF-8 (a lone surrogate).
            return JwtValidationResult.Malformed;
        }
    }

    private enum Claim : byte { Other, Iss, Sub, Jti, Exp, Nbf, Iat, Aud, Scope, Scp }

    private static Claim Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("iss"u8)) return Claim.Iss;
        if (reader.ValueTextEquals("sub"u8)) return Claim.Sub;
        if (reader.ValueTextEquals("jti"u8)) return Claim.Jti;
        if (reader.ValueTextEquals("exp"u8)) return Claim.Exp;
        if (reader.ValueTextEquals("nbf"u8)) return Claim.Nbf;
        if (reader.ValueTextEquals("iat"u8)) return Claim.Iat;
        if (reader.ValueTextEquals("aud"u8)) return Claim.Aud;
        if (reader.ValueTextEquals("scope"u8)) return Claim.Scope;
        if (reader.ValueTextEquals("scp"u8)) return Claim.Scp;
        return Claim.Other;
    }

    private static bool StringClaim(scoped ref Utf8JsonReader reader, scoped ref Span<byte> scratch, out ReadOnlySpan<byte> value, scoped ref bool invalid)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            invalid = true;
            reader.Skip();
            return false;
        }
        value = JwtJson.UnescapedString(ref reader, ref scratch);
        return true;
    }

    /// <summary>A string, or a flat array of strings; leaves the reader on the value's last token.</summary>
    private static bool StringOrStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return true;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }
        var ok = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) ok = false;
            reader.Skip();
        }
        return ok;
    }
}
