using System.Text.Json;

namespace Edge.Security.Jwt;

/// <summary>
/// The JOSE header members Edge acts on (RFC 7515 §4.1). <c>jku</c>, <c>x5u</c>, <c>jwk</c> and
/// <c>x5c</c> are read past and never used: keys come from configuration only (RFC 8725 §3.10).
/// Spans point into the decoded header or into the caller's scratch (escaped strings).
/// </summary>
internal ref struct JwtHeader
{
    public JwsAlgorithm Algorithm;
    public ReadOnlySpan<byte> Kid;
    public bool HasKid;
    public ReadOnlySpan<byte> Typ;
    public bool HasTyp;

    /// <summary><c>crit</c> is present. Edge understands no extension, so any <c>crit</c> refuses the token.</summary>
    public bool HasCrit;

    /// <summary><c>"b64": false</c> (RFC 7797): the payload would be signed unencoded; not supported.</summary>
    public bool UnencodedPayload;

    /// <summary>
    /// Reads one JSON object: valid UTF-8, at most <see cref="JwtJson.MaxDepth"/> deep, no duplicate
    /// names, an <c>alg</c> string, string <c>kid</c>/<c>typ</c>, boolean <c>b64</c>.
    /// </summary>
    /// <param name="scratch">At least <paramref name="json"/>.Length bytes, for unescaped strings.</param>
    public static bool TryRead(ReadOnlySpan<byte> json, Span<byte> scratch, out JwtHeader header)
    {
        header = default;
        if (!JwtJson.IsValidUtf8(json)) return false;
        Span<ulong> names = stackalloc ulong[JwtJson.MaxMembers * 2];
        var seen = new JsonNameSet(names);
        var hasAlg = false;
        try
        {
            var reader = new Utf8JsonReader(json, JwtJson.Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!JsonNameSet.TryHash(ref reader, out var nameHash) || !seen.TryAdd(nameHash)) return false;
                if (reader.ValueTextEquals("alg"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                    header.Algorithm = JwsAlgorithms.Parse(JwtJson.UnescapedString(ref reader, ref scratch));
                    hasAlg = true;
                }
                else if (reader.ValueTextEquals("kid"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                    header.Kid = JwtJson.UnescapedString(ref reader, ref scratch);
                    header.HasKid = true;
                }
                else if (reader.ValueTextEquals("typ"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                    header.Typ = JwtJson.UnescapedString(ref reader, ref scratch);
                    header.HasTyp = true;
                }
                else if (reader.ValueTextEquals("crit"u8))
                {
                    header.HasCrit = true;
                    if (!reader.Read()) return false;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("b64"u8))
                {
                    if (!reader.Read()) return false;
                    if (reader.TokenType == JsonTokenType.False) header.UnencodedPayload = true;
                    else if (reader.TokenType != JsonTokenType.True) return false;
                }
                else
                {
                    if (!reader.Read()) return false;
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) return false;
            // Nothing may follow the object (the reader throws on anything but whitespace).
            if (reader.Read()) return false;
        }
        catch (JsonException)
        {
            // Utf8JsonReader has no non-throwing mode; a malformed header is rare and size-capped.
            return false;
        }
        catch (InvalidOperationException)
        {
            // CopyString on an escape that does not unescape to valid UTF-8 (a lone surrogate).
            return false;
        }
        return hasAlg;
    }
}
