using System.Text.Json;

namespace Edge.Security.Jwt;

/// <summary>RFC 7519 §4.1.3: <c>aud</c> is a string or an array of strings; one must be ours.</summary>
internal static class AudienceMatcher
{
    /// <param name="audienceJson">The claim's raw JSON value (already type-checked), or empty when absent.</param>
    public static bool Matches(ReadOnlySpan<byte> audienceJson, byte[][] accepted)
    {
        if (accepted.Length == 0) return true;
        if (audienceJson.IsEmpty) return false;
        var reader = new Utf8JsonReader(audienceJson);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.String) continue;
            foreach (var audience in accepted)
            {
                // ValueTextEquals unescapes, so "ed\u0067e" is "edge".
                if (reader.ValueTextEquals(audience)) return true;
            }
        }
        return false;
    }
}
