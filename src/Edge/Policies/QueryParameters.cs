namespace Edge.Policies;

/// <summary>
/// <c>application/x-www-form-urlencoded</c>-style query parameters (<c>a=1&amp;b=2</c>), read in place:
/// find one by its exact (undecoded) name, percent-decode a value, write the query without a parameter.
/// </summary>
internal static class QueryParameters
{
    /// <summary>The raw value of the first parameter named <paramref name="name"/>; a bare <c>name</c> has an empty value.</summary>
    public static bool TryFind(ReadOnlySpan<byte> query, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!query.IsEmpty)
        {
            var amp = query.IndexOf((byte)'&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? default : query[(amp + 1)..];
            var eq = pair.IndexOf((byte)'=');
            var key = eq < 0 ? pair : pair[..eq];
            if (key.SequenceEqual(name))
            {
                value = eq < 0 ? default : pair[(eq + 1)..];
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Percent-decodes (and turns '+' into a space) into <paramref name="destination"/>, at least as long as
    /// <paramref name="raw"/>. Returns the decoded length, or -1 for a malformed escape.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= raw.Length) return -1;
                var hi = Hex(raw[i + 1]);
                var lo = Hex(raw[i + 2]);
                if (hi < 0 || lo < 0) return -1;
                destination[n++] = (byte)(hi << 4 | lo);
                i += 2;
            }
            else
            {
                destination[n++] = b == (byte)'+' ? (byte)' ' : b;
            }
        }
        return n;
    }

    /// <summary>
    /// Writes the query without every parameter named <paramref name="name"/>; returns the length written
    /// (0: nothing left, so no '?' should be sent). <paramref name="destination"/> is at least as long as the query.
    /// </summary>
    public static int Without(ReadOnlySpan<byte> query, ReadOnlySpan<byte> name, Span<byte> destination)
    {
        var n = 0;
        while (!query.IsEmpty)
        {
            var amp = query.IndexOf((byte)'&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? default : query[(amp + 1)..];
            var eq = pair.IndexOf((byte)'=');
            var key = eq < 0 ? pair : pair[..eq];
            if (key.SequenceEqual(name) || pair.IsEmpty) continue;
            if (n > 0) destination[n++] = (byte)'&';
            pair.CopyTo(destination[n..]);
            n += pair.Length;
        }
        return n;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
