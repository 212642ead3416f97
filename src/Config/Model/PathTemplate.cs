namespace Edge.Config.Model;

/// <summary>
/// Syntax of paths in the config: API base paths and resource templates ("/order/{orderId}",
/// "/files/*"). Only syntax lives here; matching is the router's job (Edge/Routing).
/// </summary>
public static class PathTemplate
{
    public const string BasePathExpected = "expected a path starting with \"/\", without a trailing \"/\" (unless it is just \"/\"), \"?\", \"#\" or \"//\" (e.g. \"/coffeebar/v1\")";
    public const string TemplateExpected = "expected a path starting with \"/\" whose segments are literals, {name} parameters or a final * (e.g. \"/order/{orderId}\", \"/files/*\")";

    public static bool IsValidBasePath(string path, out string? reason)
    {
        reason = null;
        if (!path.StartsWith('/')) return false;
        if (path.Length > 1 && path.EndsWith('/')) { reason = "a trailing \"/\" is not allowed; " + BasePathExpected; return false; }
        if (path.AsSpan().IndexOfAny("?# {}*") >= 0 || path.Contains("//", StringComparison.Ordinal) || !PathCharacters.IsValid(path, false)) return false;
        return true;
    }

    /// <summary>Checks a resource template; <paramref name="reason"/> names the specific problem when there is one.</summary>
    public static bool IsValidTemplate(string template, out string? reason)
    {
        if (IsPlainValidTemplate(template))
        {
            reason = null;
            return true;
        }
        return IsValidTemplateWithReason(template, out reason);
    }

    /// <summary>
    /// True only for templates <see cref="IsValidTemplateWithReason"/> accepts, checked in one pass
    /// without allocating (a large config has thousands). Anything unusual (a problem, more than eight
    /// parameters) answers false and the full check decides, with its reason.
    /// </summary>
    private static bool IsPlainValidTemplate(string template)
    {
        if (template.Length == 0 || template[0] != '/') return false;
        Span<Range> names = stackalloc Range[8];
        var nameCount = 0;
        var start = 1;
        for (var end = 1; end <= template.Length; end++)
        {
            if (end < template.Length && template[end] != '/') continue;
            var segment = template.AsSpan(start, end - start);
            var last = end == template.Length;
            if (segment.Length == 0)
            {
                if (!last) return false; // "//"
            }
            else if (segment.Length == 1 && segment[0] == '*')
            {
                if (!last) return false;
            }
            else if (segment[0] == '{' && segment[^1] == '}' && segment.Length > 1)
            {
                var name = segment[1..^1];
                if (!IsIdentifier(name) || nameCount == names.Length) return false;
                for (var i = 0; i < nameCount; i++)
                {
                    if (name.SequenceEqual(template.AsSpan()[names[i]])) return false;
                }
                names[nameCount++] = new Range(start + 1, end - 1);
            }
            else
            {
                foreach (var c in segment)
                {
                    if (!char.IsAsciiLetterOrDigit(c) && "-._~!$&'()+,;=:@%".IndexOf(c) < 0) return false;
                }
            }
            start = end + 1;
        }
        return true;
    }

    /// <summary>The full template check: <paramref name="reason"/> names the specific problem when there is one.</summary>
    private static bool IsValidTemplateWithReason(string template, out string? reason)
    {
        reason = null;
        if (!template.StartsWith('/') || template.AsSpan().IndexOfAny("?# ") >= 0 || template.Contains("//", StringComparison.Ordinal)
            || !PathCharacters.IsValid(template, true)) return false;
        if (template == "/") return true;
        var segments = template[1..].Split('/');
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (s.Length == 0)
            {
                if (i == segments.Length - 1) continue; // "/users/": the router treats it like "/users" (docs/routing.md)
                return false;
            }
            if (s == "*")
            {
                if (i != segments.Length - 1) { reason = "\"*\" may only be the last segment"; return false; }
                continue;
            }
            if (s.StartsWith('{') && s.EndsWith('}'))
            {
                var name = s[1..^1];
                if (!IsIdentifier(name)) { reason = $"parameter name '{name}' is not an identifier (letters, digits and _, not starting with a digit)"; return false; }
                if (!names.Add(name)) { reason = $"parameter '{name}' appears twice"; return false; }
                continue;
            }
            if (s.AsSpan().IndexOfAny("{}*") >= 0)
            {
                reason = $"segment \"{s}\" mixes literal text with {{...}} or *: a parameter or * must be a whole segment";
                return false;
            }
        }
        return true;
    }

    /// <summary>The template with parameter names erased ("/a/{x}" → "/a/{}"): two routes with equal shapes are the same route.</summary>
    public static string Shape(string template)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{')) segments[i] = "{}";
        }
        return string.Join('/', segments);
    }

    /// <summary>Joins a base path and a resource template into the full request path template.</summary>
    public static string Join(string basePath, string template)
    {
        if (basePath == "/") return template;
        return template == "/" ? basePath : basePath + template;
    }

    private static bool IsIdentifier(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }
}
