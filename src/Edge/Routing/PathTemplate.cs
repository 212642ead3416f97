namespace Edge.Routing;

/// <summary>
/// A parsed base path or resource template (see docs/routing.md for the grammar and the rules).
/// </summary>
internal sealed class PathTemplate
{
    /// <summary>Captures are stored inline in <see cref="RouteMatch"/>, so their number is bounded.</summary>
    public const int MaxParameters = RouteMatch.MaxParameters;

    private readonly TemplateSegment[] _segments;
    private string[]? _parameterNames;

    private PathTemplate(TemplateSegment[] segments) => _segments = segments;

    /// <summary>Segments after normalization: no leading slash, one trailing slash dropped.</summary>
    public IReadOnlyList<TemplateSegment> Segments => _segments;

    /// <summary>Parameter names in template order; the index is the capture index in a match.</summary>
    /// <remarks>Derived from <see cref="Segments"/> when first asked for: compiling a trie never needs it.</remarks>
    public IReadOnlyList<string> ParameterNames => _parameterNames ??= [.. _segments.Where(static s => s.Kind == TemplateSegmentKind.Parameter).Select(static s => s.Value)];

    /// <summary>True when the last segment is <c>*</c>.</summary>
    public bool HasCatchAll => Segments.Count > 0 && Segments[^1].Kind == TemplateSegmentKind.CatchAll;

    /// <summary>Parses a resource template: literals, <c>{name}</c> segments and a final <c>*</c>.</summary>
    public static bool TryParse(string text, out PathTemplate template, out string error)
        => TryParse(text, literalOnly: false, out template, out error);

    /// <summary>Parses a base path: literal segments only, so API selection needs no backtracking on captures.</summary>
    public static bool TryParseBasePath(string text, out PathTemplate template, out string error)
        => TryParse(text, literalOnly: true, out template, out error);

    private static bool TryParse(string text, bool literalOnly, out PathTemplate template, out string error)
    {
        template = Empty;
        if (text.Length == 0 || text[0] != '/')
        {
            error = $"'{text}' must start with '/'";
            return false;
        }

        // Segments are cut from the text one at a time (no Split, no copy of the text): a large config
        // parses thousands of templates.
        var rest = text.AsSpan(1);
        var count = rest.Count('/') + 1;

        // Trailing slash is insignificant (docs/routing.md): "/menu/" is "/menu", "/" has no segments.
        if (rest.Length == 0 || rest[^1] == '/')
        {
            count--;
        }

        var segments = count == 0 ? [] : new TemplateSegment[count];
        var parameters = 0;
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var slash = rest[start..].IndexOf('/');
            var part = slash < 0 ? rest[start..] : rest.Slice(start, slash);
            start += part.Length + 1;
            if (part.Length == 0)
            {
                error = $"'{text}' has an empty segment ('//')";
                return false;
            }

            if (part is "*")
            {
                if (literalOnly || i != count - 1)
                {
                    error = literalOnly
                        ? $"base path '{text}' may not contain '*'"
                        : $"'{text}': '*' is only allowed as the last segment";
                    return false;
                }

                segments[i] = new TemplateSegment(TemplateSegmentKind.CatchAll, "*");
                continue;
            }

            if (part[0] == '{' && part[^1] == '}')
            {
                var name = part[1..^1].ToString();
                if (literalOnly)
                {
                    error = $"base path '{text}' may not contain parameters";
                    return false;
                }

                if (!IsParameterName(name))
                {
                    error = $"'{text}': invalid parameter name '{name}' (letters, digits, '_', '-', '.'; not starting with a digit)";
                    return false;
                }

                for (var earlier = 0; earlier < i; earlier++)
                {
                    if (segments[earlier].Kind == TemplateSegmentKind.Parameter && segments[earlier].Value == name)
                    {
                        error = $"'{text}': duplicate parameter '{name}'";
                        return false;
                    }
                }

                if (++parameters > MaxParameters)
                {
                    error = $"'{text}' has more than {MaxParameters} parameters";
                    return false;
                }

                segments[i] = new TemplateSegment(TemplateSegmentKind.Parameter, name);
                continue;
            }

            if (!IsLiteral(part, out var bad))
            {
                error = $"'{text}': character '{bad}' is not allowed in a literal segment (parameters and '*' must be whole segments)";
                return false;
            }

            segments[i] = new TemplateSegment(TemplateSegmentKind.Literal, part.ToString());
        }

        template = new PathTemplate(segments);
        error = "";
        return true;
    }

    private static readonly PathTemplate Empty = new([]);

    private static bool IsParameterName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    // Literals are compared raw against the request bytes, so anything that cannot appear raw in a
    // path segment (RFC 3986 §3.3) or would make the template ambiguous is rejected up front.
    private static bool IsLiteral(ReadOnlySpan<char> part, out char bad)
    {
        foreach (var c in part)
        {
            if (c is '{' or '}' or '*' or '?' or '#' || c <= ' ' || c == '\u007f')
            {
                bad = c;
                return false;
            }
        }

        bad = '\0';
        return true;
    }
}
