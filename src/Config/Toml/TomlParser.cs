using System.Text;

namespace Edge.Config.Toml;

/// <summary>
/// A TOML 1.0.0 parser (https://toml.io/en/v1.0.0) over raw UTF-8 bytes. It builds a
/// <see cref="TomlTable"/> tree where every node keeps its source position, and throws
/// <see cref="TomlException"/> with line:column at the first error: a syntax error leaves nothing
/// sensible to continue from, while config-level problems are collected later by the binder.
/// </summary>
/// <remarks>
/// Split by aspect: this file drives expressions and the table-definition rules;
/// <c>.Lexing.cs</c> has positions, whitespace, comments and keys; <c>.Strings.cs</c> the four string
/// forms; <c>.Scalars.cs</c> numbers, booleans and date-times; <c>.Collections.cs</c> arrays and
/// inline tables. Config files are small and parsed off the request path, so clarity wins over speed
/// here, but nothing is quadratic and nesting is bounded.
/// </remarks>
public sealed partial class TomlParser
{
    /// <summary>Arrays and inline tables nested deeper than this are refused (toml-test advises 128–256).</summary>
    public const int MaxNestingDepth = 128;

    // A pooled copy of the document: _src may be longer than the document, so _length bounds every read.
    private readonly byte[] _src;
    private readonly int _length;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;
    private readonly TomlTable _root;
    private TomlTable _current;
    private readonly List<KeyPart>?[] _keyPaths = new List<KeyPart>?[MaxNestingDepth + 2];
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

    private TomlParser(byte[] src, int length)
    {
        _src = src;
        _length = length;
        _root = new TomlTable(new SourcePosition(1, 1), TomlTableOrigin.Root);
        _current = _root;
    }

    /// <summary>Parses a whole document. Throws <see cref="TomlException"/> on the first error.</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8)
    {
        // The copy comes from the pool: a large config is past the large-object threshold, and a fresh
        // copy per reload would cost a full collection now and then. Cleared on return (configs hold secrets).
        var copy = System.Buffers.ArrayPool<byte>.Shared.Rent(utf8.Length);
        try
        {
            utf8.CopyTo(copy);
            var parser = new TomlParser(copy, utf8.Length);
            parser.ParseDocument();
            return parser._root;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy, clearArray: true);
        }
    }

    /// <summary>Parses a document given as text (convenience for tests and tools).</summary>
    public static TomlTable Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private void ParseDocument()
    {
        ValidateEncoding();
        // A UTF-8 byte order mark is allowed at the very start and means nothing.
        if (_length >= 3 && _src[0] == 0xEF && _src[1] == 0xBB && _src[2] == 0xBF)
        {
            _pos = 3;
            _lineStart = 3;
        }

        while (!AtEnd)
        {
            SkipWhitespace();
            if (AtEnd) break;
            var c = Peek;
            if (c == (byte)'#')
            {
                SkipComment();
            }
            else if (c is (byte)'\n' or (byte)'\r')
            {
                // Blank line.
            }
            else if (c == (byte)'[')
            {
                ParseTableHeader();
            }
            else
            {
                ParseKeyValue(_current);
            }
            ExpectEndOfLine();
        }
    }

    /// <summary>After an expression only whitespace, a comment and a newline (or the end) may follow.</summary>
    private void ExpectEndOfLine()
    {
        SkipWhitespace();
        if (AtEnd) return;
        if (Peek == (byte)'#') SkipComment();
        if (AtEnd) return;
        if (!TryConsumeNewline())
            throw Error(Here, $"expected a newline or end of file after the expression, found {Describe(Peek)}");
    }

    // ---- table headers: [a.b] and [[a.b]] ----

    private void ParseTableHeader()
    {
        var start = Here;
        _pos++; // '['
        var isArray = !AtEnd && Peek == (byte)'[';
        if (isArray) _pos++;
        SkipWhitespace();
        var keys = ParseKeyPath();
        SkipWhitespace();
        Expect((byte)']', isArray ? "']]' to close the array-of-tables header" : "']' to close the table header");
        if (isArray)
        {
            // "[[" and "]]" are single tokens: no whitespace between the brackets.
            if (AtEnd || Peek != (byte)']') throw Error(Here, "expected ']]' to close the array-of-tables header");
            _pos++;
        }

        var table = _root;
        for (var i = 0; i < keys.Count - 1; i++)
            table = DescendForHeader(table, keys[i], keys, i);

        var last = keys[^1];
        if (isArray)
        {
            _current = AppendArrayTable(table, last, keys, start);
        }
        else
        {
            _current = DefineHeaderTable(table, last, keys, start);
        }
    }

    /// <summary>Walks one step of a header's key path, creating implicit tables as TOML allows.</summary>
    private TomlTable DescendForHeader(TomlTable table, KeyPart key, List<KeyPart> path, int index)
    {
        if (!table.TryGet(key.Name, out var node))
        {
            var created = new TomlTable(key.Position, TomlTableOrigin.ImplicitByHeader);
            table.Add(key.Name, key.Position, created);
            return created;
        }
        switch (node)
        {
            case TomlTable { Origin: TomlTableOrigin.Inline }:
                throw Error(key.Position, $"cannot extend inline table '{JoinPath(path, index)}': inline tables are complete where they are written");
            case TomlTable t:
                return t;
            case TomlArray { IsArrayOfTables: true } aot:
                return (TomlTable)aot[aot.Count - 1];
            case TomlArray:
                throw Error(key.Position, $"cannot define a table inside '{JoinPath(path, index)}': it is a static array");
            default:
                throw Error(key.Position, $"cannot define a table inside '{JoinPath(path, index)}': it is already a {node.TypeName} value");
        }
    }

    private TomlTable DefineHeaderTable(TomlTable parent, KeyPart key, List<KeyPart> path, SourcePosition start)
    {
        if (!parent.TryGet(key.Name, out var node))
        {
            var created = new TomlTable(start, TomlTableOrigin.Header) { HeaderDefined = true };
            parent.Add(key.Name, key.Position, created);
            return created;
        }
        var name = JoinPath(path, path.Count - 1);
        if (node is TomlTable { Origin: TomlTableOrigin.ImplicitByHeader } implicitTable)
        {
            // [a.b] earlier made 'a' implicitly; one explicit [a] is still allowed.
            implicitTable.Origin = TomlTableOrigin.Header;
            implicitTable.HeaderDefined = true;
            return implicitTable;
        }
        var what = node switch
        {
            TomlTable { Origin: TomlTableOrigin.DottedKey } => "it was already defined by dotted keys",
            TomlTable { Origin: TomlTableOrigin.Inline } => "it was already defined as an inline table",
            TomlTable => "it is already defined",
            TomlArray { IsArrayOfTables: true } => "it is already an array of tables",
            _ => $"it is already a {node.TypeName} value",
        };
        throw Error(key.Position, $"cannot define table '{name}': {what}");
    }

    private TomlTable AppendArrayTable(TomlTable parent, KeyPart key, List<KeyPart> path, SourcePosition start)
    {
        var element = new TomlTable(start, TomlTableOrigin.ArrayElement) { HeaderDefined = true };
        if (!parent.TryGet(key.Name, out var node))
        {
            var array = new TomlArray(start, isArrayOfTables: true);
            array.Add(element);
            parent.Add(key.Name, key.Position, array);
            return element;
        }
        if (node is TomlArray { IsArrayOfTables: true } existing)
        {
            existing.Add(element);
            return element;
        }
        var what = node switch
        {
            TomlArray => "it is a static array",
            TomlTable => "it is already a table",
            _ => $"it is already a {node.TypeName} value",
        };
        throw Error(key.Position, $"cannot append to array of tables '{JoinPath(path, path.Count - 1)}': {what}");
    }

    // ---- key/value pairs ----

    /// <summary>Parses <c>key = value</c> (dotted keys allowed) into <paramref name="table"/>.</summary>
    private void ParseKeyValue(TomlTable table)
    {
        var keys = ParseKeyPath();
        SkipWhitespace();
        if (AtEnd || Peek != (byte)'=')
            throw Error(Here, AtEnd || IsNewlineByte(Peek)
                ? $"expected '=' after key '{JoinPath(keys, keys.Count - 1)}'"
                : $"expected '=' after key '{JoinPath(keys, keys.Count - 1)}', found {Describe(Peek)}");
        _pos++;
        SkipWhitespace();
        if (AtEnd || IsNewlineByte(Peek) || Peek == (byte)'#')
            throw Error(Here, $"expected a value for key '{JoinPath(keys, keys.Count - 1)}'");

        var target = table;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            var key = keys[i];
            if (!target.TryGet(key.Name, out var node))
            {
                var created = new TomlTable(key.Position, TomlTableOrigin.DottedKey);
                target.Add(key.Name, key.Position, created);
                target = created;
                continue;
            }
            // Dotted keys may only walk through tables that dotted keys made (TOML 1.0; toml-lang/toml#846):
            // they cannot reopen a [header] table, an inline table or an array.
            if (node is TomlTable { Origin: TomlTableOrigin.DottedKey } dotted)
            {
                target = dotted;
                continue;
            }
            var what = node switch
            {
                TomlTable { Origin: TomlTableOrigin.Inline } => "it is an inline table, complete where it was written",
                TomlTable => "it was defined by a table header; add keys under that header instead",
                TomlArray => "it is an array",
                _ => $"it is already a {node.TypeName} value",
            };
            throw Error(key.Position, $"cannot add key '{JoinPath(keys, keys.Count - 1)}' through '{JoinPath(keys, i)}': {what}");
        }

        var last = keys[^1];
        if (target.ContainsKey(last.Name))
            throw Error(last.Position, $"duplicate key '{JoinPath(keys, keys.Count - 1)}': it is already defined at {target.KeyPosition(last.Name)}");
        var value = ParseValue();
        target.Add(last.Name, last.Position, value);
    }

    private static string JoinPath(List<KeyPart> keys, int lastIndex)
    {
        var sb = new StringBuilder();
        for (var i = 0; i <= lastIndex; i++)
        {
            if (i > 0) sb.Append('.');
            sb.Append(keys[i].Name);
        }
        return sb.ToString();
    }

    private readonly record struct KeyPart(string Name, SourcePosition Position);
}
