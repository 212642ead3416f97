namespace Edge.Config.Binding;

/// <summary>Parses config text into a value; on failure <paramref name="reason"/> may refine the generic expectation.</summary>
internal delegate bool TextParser<T>(string text, out T value, out string? reason);

/// <summary>Parses config text into a value with the plain TryParse shape.</summary>
internal delegate bool SimpleParser<T>(string text, out T value);

/// <summary>
/// How to read one kind of string-valued setting (a duration, a URL, an enum word...): its name for
/// messages, what a correct value looks like, and the parser. Binding reports
/// <c>bad {What} "{text}": {reason or Expected}</c>, so every message says what is wrong and what is expected.
/// </summary>
internal sealed class ValueKind<T>
{
    public ValueKind(string what, string expected, TextParser<T> parse, Func<long, (bool Ok, T Value)>? fromInteger = null)
    {
        What = what;
        Expected = expected;
        Parse = parse;
        FromInteger = fromInteger;
    }

    public string What { get; }
    public string Expected { get; }
    public TextParser<T> Parse { get; }

    /// <summary>Set for kinds that also accept a bare TOML integer (byte sizes); Ok is false when out of range.</summary>
    public Func<long, (bool Ok, T Value)>? FromInteger { get; }

    public static ValueKind<T> Simple(string what, string expected, SimpleParser<T> parse, Func<long, (bool Ok, T Value)>? fromInteger = null) =>
        new(what, expected, (string text, out T value, out string? reason) =>
        {
            reason = null;
            return parse(text, out value);
        }, fromInteger);

    /// <summary>A closed vocabulary: exact, case-sensitive words (config files are lower-case by convention).</summary>
    public static ValueKind<T> Choice(string what, params (string Name, T Value)[] options)
    {
        var expected = "expected one of " + string.Join(", ", options.Select(o => "\"" + o.Name + "\""));
        return Simple(what, expected, (string text, out T value) =>
        {
            foreach (var (name, v) in options)
            {
                if (name == text)
                {
                    value = v;
                    return true;
                }
            }
            value = default!;
            return false;
        });
    }
}
