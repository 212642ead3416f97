using System.Text;
using System.Text.Json;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// Reads a JWK Set (RFC 7517 §5: <c>{"keys":[...]}</c>) or a single JWK into verification keys.
/// Supported: RSA (<c>n</c>, <c>e</c>), EC P-256/P-384/P-521 (<c>crv</c>, <c>x</c>, <c>y</c>), oct (<c>k</c>).
/// Keys whose <c>use</c> is not "sig", or whose <c>key_ops</c> lack "verify", are skipped (they
/// are encryption keys published in the same set). Everything else that cannot be used safely is an
/// error with its position: the whole set is refused, never half-loaded, like the rest of the config.
/// Private members (<c>d</c>, <c>p</c>, ...) are ignored; only public parts are used.
/// </summary>
internal static class JwksReader
{
    /// <summary>Bounds load work and lookups; real sets hold a handful of keys during rotation.</summary>
    public const int MaxKeys = 100;

    /// <summary>Longest <c>kid</c> accepted, in UTF-8 bytes (token kids beyond it never match).</summary>
    public const int MaxKidBytes = 256;

    public static IReadOnlyList<JwtSigningKey>? Read(ReadOnlySpan<byte> json, List<LoadError> errors)
    {
        var errorsBefore = errors.Count;
        var keys = new List<JwtSigningKey>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(LoadError.At(json, reader.TokenStartIndex, "expected a JSON object: a JWK Set {\"keys\": [...]} or one JWK"));
                return null;
            }
            var objectStart = reader.TokenStartIndex;
            var top = JwkMembers.Read(ref reader, json, errors);
            if (top is null) return null;
            if (top.Keys is { } keyObjects)
            {
                foreach (var k in keyObjects) AddKey(k, json, keys, errors);
            }
            else if (top.Has("kty"))
            {
                AddKey(top, json, keys, errors);
            }
            else
            {
                errors.Add(LoadError.At(json, objectStart, "expected \"keys\": a JWK Set needs an array of keys (RFC 7517 §5)"));
            }
        }
        catch (JsonException e)
        {
            errors.Add(new LoadError((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "invalid JSON: " + FirstSentence(e.Message)));
        }
        if (errors.Count == errorsBefore && keys.Count == 0)
            errors.Add(new LoadError(1, 1, "the key set has no signing key"));
        if (errors.Count > errorsBefore)
        {
            foreach (var k in keys) k.Dispose();
            return null;
        }
        return keys;
    }

    private static void AddKey(JwkMembers jwk, ReadOnlySpan<byte> json, List<JwtSigningKey> keys, List<LoadError> errors)
    {
        if (jwk.String("use") is { } use && use != "sig") return;
        if (jwk.KeyOps is { } ops && !ops.Contains("verify")) return;
        if (keys.Count >= MaxKeys)
        {
            errors.Add(LoadError.At(json, jwk.Offset, $"more than {MaxKeys} keys in one set"));
            return;
        }
        var key = JwkKeyBuilder.Build(jwk, out var error);
        if (key is null)
        {
            var kid = jwk.String("kid");
            errors.Add(LoadError.At(json, jwk.Offset, (kid is null ? "key: " : $"key '{kid}': ") + error));
            return;
        }
        if (key.KidUtf8 is { } k && keys.Exists(other => other.KidUtf8 is { } o && o.AsSpan().SequenceEqual(k)))
        {
            errors.Add(LoadError.At(json, jwk.Offset, $"key '{key.Kid}': duplicate kid in the set: a token's kid must name exactly one key"));
            key.Dispose();
            return;
        }
        keys.Add(key);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static string Utf8(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);
}
