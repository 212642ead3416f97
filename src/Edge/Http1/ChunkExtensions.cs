using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Validates what follows a chunk-size (RFC 9112 §7.1.1):
/// <c>chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )</c>,
/// <c>chunk-ext-val = token / quoted-string</c>. Extensions are otherwise ignored (MUST ignore
/// unrecognized ones).
/// </summary>
internal static class ChunkExtensions
{
    public static void Validate(ReadOnlySpan<byte> rest)
    {
        bool first = true;
        while (!rest.IsEmpty)
        {
            rest = SkipWhitespace(rest);
            if (rest.IsEmpty || rest[0] != (byte)';')
            {
                // "5 5", "a ", "0x5": not an extension, so the size itself is malformed.
                BadHttpMessageException.Throw(first ? RejectReason.InvalidChunkSize : RejectReason.InvalidChunkExtension);
            }

            first = false;
            rest = SkipWhitespace(rest[1..]);
            int nameEnd = rest.IndexOfAnyExcept(HttpCharacters.Token);
            if (nameEnd == 0 || rest.IsEmpty)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidChunkExtension);
            }

            rest = nameEnd < 0 ? default : rest[nameEnd..];
            ReadOnlySpan<byte> afterWs = SkipWhitespace(rest);
            if (!afterWs.IsEmpty && afterWs[0] == (byte)'=')
            {
                rest = SkipWhitespace(afterWs[1..]);
                rest = rest.IsEmpty || rest[0] != (byte)'"' ? SkipToken(rest) : SkipQuotedString(rest);
            }
        }
    }

    private static ReadOnlySpan<byte> SkipWhitespace(ReadOnlySpan<byte> s)
    {
        int i = s.IndexOfAnyExcept(HttpCharacters.Whitespace);
        return i < 0 ? default : s[i..];
    }

    private static ReadOnlySpan<byte> SkipToken(ReadOnlySpan<byte> s)
    {
        int end = s.IndexOfAnyExcept(HttpCharacters.Token);
        if (end == 0 || s.IsEmpty)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidChunkExtension);
        }

        return end < 0 ? default : s[end..];
    }

    /// <summary>quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4).</summary>
    private static ReadOnlySpan<byte> SkipQuotedString(ReadOnlySpan<byte> s)
    {
        int i = 1;
        while (true)
        {
            int stop = s[i..].IndexOfAnyExcept(HttpCharacters.QdText);
            if (stop < 0)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidChunkExtension); // unterminated
            }

            i += stop;
            byte b = s[i];
            if (b == (byte)'"')
            {
                return s[(i + 1)..];
            }

            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
            if (b != (byte)'\\' || i + 1 >= s.Length || !HttpCharacters.FieldValue.Contains(s[i + 1]))
            {
                BadHttpMessageException.Throw(RejectReason.InvalidChunkExtension);
            }

            i += 2;
        }
    }
}
