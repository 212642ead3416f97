using System.Text.Json;
using System.Text.Unicode;

namespace Edge.Security.Jwt;

/// <summary>Shared rules for reading the JOSE header and the claims set with <see cref="Utf8JsonReader"/>.</summary>
internal static class JwtJson
{
    /// <summary>
    /// Nesting allowed inside a header or claims set. Real claim sets nest two or three levels
    /// (Keycloak's realm_access.roles); a 10,000-deep bomb stops here instead of walking the stack.
    /// </summary>
    public const int MaxDepth = 16;

    /// <summary>Top-level members per object (the duplicate table holds twice as many slots).</summary>
    public const int MaxMembers = 256;

    public static readonly JsonReaderOptions Options = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>
    /// Strict UTF-8 up front: the reader checks only what it transcodes, and a non-UTF-8 claim
    /// would reach logs and headers as something else.
    /// </summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> json) => Utf8.IsValid(json);

    /// <summary>Copies the unescaped string the reader is on into <paramref name="scratch"/> (advancing it)
    /// when it has escapes; otherwise returns the value in place.</summary>
    public static ReadOnlySpan<byte> UnescapedString(scoped ref Utf8JsonReader reader, scoped ref Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        var written = reader.CopyString(scratch);
        var value = scratch[..written];
        scratch = scratch[written..];
        return value;
    }

    /// <summary>
    /// A NumericDate (RFC 7519 §2): a non-negative JSON number of seconds, fractions allowed and
    /// truncated. Bools, strings, negatives, NaN-like overflow (1e400) and dates past 9999-12-31
    /// are refused, so "exp": 1e30 cannot become "never expires".
    /// </summary>
    public static bool TryGetNumericDate(ref Utf8JsonReader reader, out long seconds)
    {
        const long Max = 253_402_300_799; // 9999-12-31T23:59:59Z, the DateTimeOffset limit
        seconds = 0;
        if (reader.TokenType != JsonTokenType.Number) return false;
        if (reader.TryGetInt64(out seconds)) return seconds is >= 0 and <= Max;
        if (!reader.TryGetDouble(out var d) || !double.IsFinite(d) || d < 0 || d > Max) return false;
        seconds = (long)d;
        return true;
    }
}
