using System.Buffers;

namespace Edge.Http;

/// <summary>Byte classes from the HTTP ABNF, as vectorizable <see cref="SearchValues{T}"/>.</summary>
internal static class HttpCharacters
{
    public const byte SP = (byte)' ';
    public const byte HTAB = (byte)'\t';
    public const byte CR = (byte)'\r';
    public const byte LF = (byte)'\n';
    public const byte Colon = (byte)':';

    private const string AlphaDigit = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>tchar (RFC 9110 §5.6.2): field names, methods, transfer codings, chunk-ext names.</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create(Ascii(AlphaDigit + "!#$%&'*+-.^_`|~"));

    /// <summary>field-content bytes (RFC 9110 §5.5): HTAB, SP, VCHAR, obs-text. No other CTL, no DEL.</summary>
    public static readonly SearchValues<byte> FieldValue = SearchValues.Create(Range(0x20, 0x7E, 0x80, 0xFF, HTAB));

    /// <summary>
    /// Bytes allowed in a request-target: VCHAR except '#' (RFC 9112 §3.2; a fragment is never sent).
    /// SP, CTL and bytes ≥ 0x80 end or break the target.
    /// </summary>
    public static readonly SearchValues<byte> Target = SearchValues.Create(TargetBytes());

    /// <summary>reason-phrase bytes (RFC 9112 §4): HTAB, SP, VCHAR, obs-text (same class as field-content).</summary>
    public static readonly SearchValues<byte> ReasonPhrase = FieldValue;

    /// <summary>qdtext (RFC 9110 §5.6.4): HTAB, SP, 0x21, 0x23–0x5B, 0x5D–0x7E, obs-text.</summary>
    public static readonly SearchValues<byte> QdText = SearchValues.Create(QdTextBytes());

    /// <summary>HEXDIG, either case (chunk-size, RFC 9112 §7.1).</summary>
    public static readonly SearchValues<byte> HexDigit = SearchValues.Create(Ascii("0123456789abcdefABCDEF"));

    /// <summary>DIGIT.</summary>
    public static readonly SearchValues<byte> Digit = SearchValues.Create(Ascii("0123456789"));

    /// <summary>SP / HTAB (OWS, RFC 9110 §5.6.3).</summary>
    public static readonly SearchValues<byte> Whitespace = SearchValues.Create(SP, HTAB);

    /// <summary>
    /// reg-name bytes (RFC 3986 §3.2.2: unreserved / pct-encoded / sub-delims) without ',' so a
    /// list like <c>Host: a, b</c> can never pass as one name.
    /// </summary>
    public static readonly SearchValues<byte> RegName = SearchValues.Create(Ascii(AlphaDigit + "-._~!$&'()*+;=%"));

    /// <summary>IP-literal interior (IPv6 and IPvFuture, RFC 3986 §3.2.2), checked further by the host validator.</summary>
    public static readonly SearchValues<byte> IpLiteral = SearchValues.Create(Ascii(AlphaDigit + ":.-._~!$&'()*+;="));

    /// <summary>ALPHA / DIGIT / "+" / "-" / "." (URI scheme, RFC 3986 §3.1).</summary>
    public static readonly SearchValues<byte> Scheme = SearchValues.Create(Ascii(AlphaDigit + "+-."));

    public static bool IsWhitespace(byte b) => b == SP || b == HTAB;

    /// <summary>Removes leading and trailing OWS.</summary>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value)
    {
        int start = value.IndexOfAnyExcept(SP, HTAB);
        if (start < 0)
        {
            return default;
        }

        int end = value.LastIndexOfAnyExcept(SP, HTAB);
        return value[start..(end + 1)];
    }

    /// <summary>ASCII case-insensitive equality against a lower-case literal.</summary>
    public static bool EqualsLower(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerLiteral)
        => System.Text.Ascii.EqualsIgnoreCase(value, lowerLiteral);

    private static byte[] Ascii(string s)
    {
        var bytes = new byte[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            bytes[i] = (byte)s[i];
        }

        return bytes;
    }

    private static byte[] Range(int from1, int to1, int from2, int to2, byte extra)
    {
        var list = new List<byte> { extra };
        for (int b = from1; b <= to1; b++)
        {
            list.Add((byte)b);
        }

        for (int b = from2; b <= to2; b++)
        {
            list.Add((byte)b);
        }

        return list.ToArray();
    }

    private static byte[] TargetBytes()
    {
        var list = new List<byte>();
        for (int b = 0x21; b <= 0x7E; b++)
        {
            if (b != '#')
            {
                list.Add((byte)b);
            }
        }

        return list.ToArray();
    }

    private static byte[] QdTextBytes()
    {
        var list = new List<byte> { HTAB, SP, 0x21 };
        for (int b = 0x23; b <= 0x7E; b++)
        {
            if (b != '\\')
            {
                list.Add((byte)b);
            }
        }

        for (int b = 0x80; b <= 0xFF; b++)
        {
            list.Add((byte)b);
        }

        return list.ToArray();
    }
}
