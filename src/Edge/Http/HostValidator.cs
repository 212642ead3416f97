namespace Edge.Http;

/// <summary>
/// Validates <c>uri-host [ ":" port ]</c> (RFC 9110 §7.2, RFC 3986 §3.2.2–3.2.3) as found in a Host
/// field, an authority-form target or the authority of an absolute-form target. userinfo ('@') is
/// refused (RFC 9110 §4.2.4 asks recipients to treat it as an error), as are '/', SP and ','.
/// </summary>
internal static class HostValidator
{
    /// <summary>
    /// True when <paramref name="authority"/> is <c>host [":" port]</c> with a non-empty host and a
    /// port of 0–65535. <paramref name="requirePort"/> is for CONNECT's authority-form (RFC 9112 §3.2.3).
    /// </summary>
    public static bool IsValidAuthority(ReadOnlySpan<byte> authority, bool requirePort)
    {
        if (authority.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> host;
        ReadOnlySpan<byte> rest;
        if (authority[0] == (byte)'[')
        {
            int close = authority.IndexOf((byte)']');
            if (close < 0 || !IsValidIpLiteral(authority[1..close]))
            {
                return false;
            }

            host = authority[..(close + 1)];
            rest = authority[(close + 1)..];
        }
        else
        {
            int colon = authority.IndexOf(HttpCharacters.Colon);
            host = colon < 0 ? authority : authority[..colon];
            rest = colon < 0 ? default : authority[colon..];
            if (host.IsEmpty || host.ContainsAnyExcept(HttpCharacters.RegName) || !IsValidPercentEncoding(host))
            {
                return false;
            }
        }

        if (rest.IsEmpty)
        {
            return !requirePort;
        }

        if (rest[0] != HttpCharacters.Colon)
        {
            return false;
        }

        return IsValidPort(rest[1..], requirePort);
    }

    private static bool IsValidPort(ReadOnlySpan<byte> port, bool required)
    {
        // port = *DIGIT (RFC 3986 §3.2.3): empty is allowed unless CONNECT needs a real one.
        if (port.IsEmpty)
        {
            return !required;
        }

        if (port.Length > 5 || port.ContainsAnyExcept(HttpCharacters.Digit))
        {
            return false;
        }

        int value = 0;
        foreach (byte b in port)
        {
            value = (value * 10) + (b - '0');
        }

        return value <= 65535;
    }

    private static bool IsValidPercentEncoding(ReadOnlySpan<byte> regName)
    {
        int i = regName.IndexOf((byte)'%');
        while (i >= 0)
        {
            if (i + 2 >= regName.Length)
            {
                return false;
            }

            if (!HttpCharacters.HexDigit.Contains(regName[i + 1]) || !HttpCharacters.HexDigit.Contains(regName[i + 2]))
            {
                return false;
            }

            int next = regName[(i + 3)..].IndexOf((byte)'%');
            i = next < 0 ? -1 : i + 3 + next;
        }

        return true;
    }

    /// <summary>IPv6address (with an optional trailing IPv4) or IPvFuture, RFC 3986 §3.2.2.</summary>
    private static bool IsValidIpLiteral(ReadOnlySpan<byte> literal)
    {
        if (literal.IsEmpty || literal.ContainsAnyExcept(HttpCharacters.IpLiteral))
        {
            return false;
        }

        if (literal[0] == (byte)'v' || literal[0] == (byte)'V')
        {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            int dot = literal.IndexOf((byte)'.');
            return dot > 1 && dot < literal.Length - 1 && !literal[1..dot].ContainsAnyExcept(HttpCharacters.HexDigit);
        }

        return IsValidIpv6(literal);
    }

    private static bool IsValidIpv6(ReadOnlySpan<byte> s)
    {
        int groups = 0;
        bool doubleColon = false;
        int i = 0;
        if (s.StartsWith("::"u8))
        {
            doubleColon = true;
            i = 2;
            if (s.Length == 2)
            {
                return true;
            }
        }
        else if (s[0] == HttpCharacters.Colon)
        {
            return false;
        }

        while (i < s.Length)
        {
            int end = s[i..].IndexOf(HttpCharacters.Colon);
            ReadOnlySpan<byte> group = end < 0 ? s[i..] : s[i..(i + end)];
            if (end < 0 && group.Contains((byte)'.'))
            {
                // Trailing IPv4address counts as two groups.
                if (!IsValidIpv4(group))
                {
                    return false;
                }

                groups += 2;
                break;
            }

            if (group.IsEmpty || group.Length > 4 || group.ContainsAnyExcept(HttpCharacters.HexDigit))
            {
                return false;
            }

            groups++;
            if (end < 0)
            {
                break;
            }

            i += end + 1;
            if (i < s.Length && s[i] == HttpCharacters.Colon)
            {
                if (doubleColon)
                {
                    return false;
                }

                doubleColon = true;
                i++;
                if (i == s.Length)
                {
                    break;
                }
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        return doubleColon ? groups < 8 : groups == 8;
    }

    private static bool IsValidIpv4(ReadOnlySpan<byte> s)
    {
        int parts = 0;
        while (true)
        {
            int dot = s.IndexOf((byte)'.');
            ReadOnlySpan<byte> part = dot < 0 ? s : s[..dot];
            if (part.IsEmpty || part.Length > 3 || part.ContainsAnyExcept(HttpCharacters.Digit))
            {
                return false;
            }

            int value = 0;
            foreach (byte b in part)
            {
                value = (value * 10) + (b - '0');
            }

            if (value > 255)
            {
                return false;
            }

            parts++;
            if (dot < 0)
            {
                return parts == 4;
            }

            s = s[(dot + 1)..];
        }
    }
}
