namespace Edge.Config.Model;

/// <summary>Syntax checks for DNS names and IP literals as they appear in binds, URLs and host lists.</summary>
internal static class HostName
{
    /// <summary>RFC 1123 labels (letters, digits, hyphen; not starting or ending with a hyphen) or an IPv4 literal.</summary>
    public static bool IsValid(ReadOnlySpan<char> host)
    {
        if (host.Length is 0 or > 253) return false;
        foreach (var label in host.ToString().Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
            }
        }
        return true;
    }

    /// <summary>A host pattern for API matching: an exact name or a leading wildcard label ("*.example.com").</summary>
    public static bool IsValidPattern(string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal) ? IsValid(pattern.AsSpan(2)) : IsValid(pattern);
}
