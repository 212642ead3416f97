namespace Edge.Observability.Correlation;

/// <summary>Lower-case hex, the only form W3C Trace Context allows (§3.2.2: "lowercase hex").</summary>
internal static class HexDigits
{
    private static ReadOnlySpan<byte> Lower => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="bytes"/> as 2 × length lower-case hex digits.</summary>
    public static void Write(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = Lower[bytes[i] >> 4];
            destination[2 * i + 1] = Lower[bytes[i] & 0xF];
        }
    }

    /// <summary>True when every byte is 0-9 or a-f (upper case is refused, as the spec requires).</summary>
    public static bool IsLowerHex(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f'))) return false;
        }
        return true;
    }

    /// <summary>True when every hex digit is '0' (an all-zero trace-id or parent-id is invalid).</summary>
    public static bool IsAllZero(ReadOnlySpan<byte> text) => !text.ContainsAnyExcept((byte)'0');

    public static int Value(byte digit) => digit <= '9' ? digit - '0' : digit - 'a' + 10;
}
