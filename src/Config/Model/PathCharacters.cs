namespace Edge.Config.Model;

/// <summary>
/// Characters a configured path may contain: RFC 3986 pchar (unreserved, pct-encoded, sub-delims, ":"
/// and "@") plus "/". Nothing else can be put on the request line safely, so control characters,
/// spaces and non-ASCII are refused at load instead of being mangled or injected on the wire.
/// </summary>
internal static class PathCharacters
{
    public static bool IsValid(string path, bool allowTemplateSyntax)
    {
        foreach (var c in path)
        {
            if (char.IsAsciiLetterOrDigit(c)) continue;
            if ("-._~!$&'()*+,;=:@%/".Contains(c, StringComparison.Ordinal)) continue;
            if (allowTemplateSyntax && c is '{' or '}') continue;
            return false;
        }
        return true;
    }
}
