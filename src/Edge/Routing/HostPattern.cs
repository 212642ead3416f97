namespace Edge.Routing;

/// <summary>A normalized host pattern.</summary>
/// <param name="Kind">Exact, wildcard or any.</param>
/// <param name="Value">
/// Exact: the lower-case host. Wildcard: the lower-case suffix including its dot (<c>.example.com</c>).
/// Any: empty.
/// </param>
internal readonly record struct HostPattern(HostPatternKind Kind, string Value)
{
    /// <summary>DNS names are at most 253 characters; 255 leaves room for a bracketed IPv6 literal.</summary>
    public const int MaxLength = 255;

    public static readonly HostPattern AnyHost = new(HostPatternKind.Any, "");

    /// <summary>
    /// Parses <c>api.example.com</c>, <c>*.example.com</c>, <c>[::1]</c> or <c>*</c>. Ports are rejected
    /// because the request's port is ignored when matching (docs/routing.md).
    /// </summary>
    public static bool TryParse(string text, out HostPattern pattern, out string error)
    {
        pattern = AnyHost;
        error = "";
        var host = text.ToLowerInvariant();

        // A fully qualified name's trailing dot names the same host.
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        if (host == "*")
        {
            return true;
        }

        if (host.Length is 0 or > MaxLength)
        {
            error = $"host '{text}' must be 1 to {MaxLength} characters";
            return false;
        }

        if (host[0] == '[')
        {
            // IPv6 literal (RFC 3986 §3.2.2): only hex digits, ':' and '.' inside the brackets.
            var ok = host.Length > 2 && host[^1] == ']';
            for (var i = 1; ok && i < host.Length - 1; i++)
            {
                ok = char.IsAsciiHexDigit(host[i]) || host[i] is ':' or '.';
            }

            if (!ok)
            {
                error = $"host '{text}' is not a valid bracketed IPv6 literal";
                return false;
            }

            pattern = new HostPattern(HostPatternKind.Exact, host);
            return true;
        }

        var wildcard = host.StartsWith("*.", StringComparison.Ordinal);
        var name = wildcard ? host[2..] : host;
        if (!IsHostName(name))
        {
            error = host.Contains(':')
                ? $"host '{text}' must not contain a port (ports are ignored when matching)"
                : $"host '{text}' is not a valid host name ('*' is only allowed as a leading '*.' label)";
            return false;
        }

        pattern = wildcard
            ? new HostPattern(HostPatternKind.Wildcard, host[1..])
            : new HostPattern(HostPatternKind.Exact, host);
        return true;
    }

    private static bool IsHostName(string name)
    {
        if (name.Length == 0 || name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            // '_' is not valid in host names but occurs in real internal names; accepting it is harmless.
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not '-' and not '.' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
