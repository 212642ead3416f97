using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// RFC 7638 JWK thumbprints: SHA-256 over the key's required members, sorted, without whitespace.
/// Used to name a key in logs and `edge` tooling without printing key material.
/// </summary>
internal static class JwkThumbprint
{
    /// <summary>The canonical JSON (RFC 7638 §3.2), or null if the JWK lacks a required member.</summary>
    public static string? CanonicalJson(ReadOnlySpan<byte> jwkJson)
    {
        var errors = new List<LoadError>();
        JwkMembers? jwk;
        try
        {
            var reader = new Utf8JsonReader(jwkJson);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            jwk = JwkMembers.Read(ref reader, jwkJson, errors);
        }
        catch (JsonException)
        {
            // Not JSON: no thumbprint.
            return null;
        }
        if (jwk is null) return null;
        string[]? required = jwk.String("kty") switch
        {
            "RSA" => ["e", "kty", "n"],
            "EC" => ["crv", "kty", "x", "y"],
            "oct" => ["k", "kty"],
            "OKP" => ["crv", "kty", "x"],
            _ => null,
        };
        if (required is null) return null;
        var sb = new StringBuilder("{");
        foreach (var name in required)
        {
            if (jwk.String(name) is not { } value) return null;
            if (sb.Length > 1) sb.Append(',');
            sb.Append('"').Append(name).Append("\":\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }
        return sb.Append('}').ToString();
    }

    /// <summary>base64url(SHA-256(canonical JSON)), or null.</summary>
    public static string? Compute(ReadOnlySpan<byte> jwkJson) =>
        CanonicalJson(jwkJson) is { } canonical
            ? System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))
            : null;
}
