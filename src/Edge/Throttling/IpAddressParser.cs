namespace Edge.Throttling;

/// <summary>
/// Parses IP address text in UTF-8 without allocating (IPAddress.TryParse allocates the result). Stricter
/// than the BCL on purpose: the input is a header an attacker writes, and the lax IPv4 forms
/// ("1.2.3", "0x7f.1", octal "010.0.0.1") mean different addresses to different parsers.
/// </summary>
internal static class IpAddressParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out IpAddressBytes address)
    {
        address = default;
        if (text.IndexOf((byte)':') >= 0) return TryParseIPv6(text, out address);
        if (!TryParseIPv4(text, out var v4)) return false;
        address = IpAddressBytes.FromIPv4(v4);
        return true;
    }

    /// <summary>Exactly four decimal octets 0–255, no leading zeros (so no octal reading is possible).</summary>
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, out uint address)
    {
        address = 0;
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < text.Length && (uint)(text[i] - '0') <= 9 && i - start < 3) value = value * 10 + (text[i++] - '0');
            var digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return false;
            address = (address << 8) | (uint)value;
            if (++parts == 4) return i == text.Length;
            if (i >= text.Length || text[i] != '.') return false;
            i++;
        }
    }

    /// <summary>RFC 4291 §2.2: eight 16-bit hex groups, one "::" for a run of zeros, an IPv4 tail allowed.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<byte> text, out IpAddressBytes address)
    {
        address = default;
        Span<ushort> groups = stackalloc ushort[8];
        int count = 0, gap = -1, i = 0;
        if (text.Length >= 2 && text[0] == ':' && text[1] == ':')
        {
            gap = 0;
            i = 2;
            if (i == text.Length) return Assemble(groups, count, gap, out address);
        }
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < text.Length && HexValue(text[i]) is var h and >= 0 && i - start < 4)
            {
                value = (value << 4) | h;
                i++;
            }
            if (i < text.Length && text[i] == '.')
            {
                // An IPv4 tail takes the last two groups.
                if (count > 6 || !TryParseIPv4(text[start..], out var v4)) return false;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                return Assemble(groups, count, gap, out address);
            }
            if (i == start || count == 8) return false;
            groups[count++] = (ushort)value;
            if (i == text.Length) return Assemble(groups, count, gap, out address);
            if (text[i] != ':') return false; // a fifth hex digit, a zone ("%eth0"), a space …
            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (gap >= 0) return false; // only one "::"
                gap = count;
                i++;
                if (i == text.Length) return Assemble(groups, count, gap, out address);
            }
            else if (i == text.Length)
            {
                return false; // a single trailing ':'
            }
        }
    }

    private static bool Assemble(Span<ushort> groups, int count, int gap, out IpAddressBytes address)
    {
        address = default;
        if (gap < 0 ? count != 8 : count > 7) return false;
        Span<ushort> full = stackalloc ushort[8];
        full.Clear();
        if (gap < 0)
        {
            groups.CopyTo(full);
        }
        else
        {
            groups[..gap].CopyTo(full);
            groups[gap..count].CopyTo(full[(8 - (count - gap))..]);
        }
        ulong high = 0, low = 0;
        for (var g = 0; g < 4; g++) high = (high << 16) | full[g];
        for (var g = 4; g < 8; g++) low = (low << 16) | full[g];
        address = new IpAddressBytes(high, low);
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
