namespace Edge.Config.Toml;

// Values in general, arrays and inline tables.
public sealed partial class TomlParser
{
    private TomlNode ParseValue()
    {
        var start = Here;
        if (AtEnd) throw Error(start, "expected a value, found end of file");
        var c = Peek;
        switch (c)
        {
            case (byte)'"':
                return TomlValue.FromString(start, PeekAt(1) == (byte)'"' && PeekAt(2) == (byte)'"'
                    ? ParseMultilineBasicString()
                    : ParseBasicString());
            case (byte)'\'':
                return TomlValue.FromString(start, PeekAt(1) == (byte)'\'' && PeekAt(2) == (byte)'\''
                    ? ParseMultilineLiteralString()
                    : ParseLiteralString());
            case (byte)'[':
                return ParseArray();
            case (byte)'{':
                return ParseInlineTable();
            case (byte)'t':
            case (byte)'f':
                return ParseBoolean();
        }
        if (c is (byte)'+' or (byte)'-' or (byte)'i' or (byte)'n' or >= (byte)'0' and <= (byte)'9')
            return ParseNumberOrDateTime();
        throw Error(start, $"expected a value (string, number, boolean, date-time, array or inline table), found {Describe(c)}");
    }

    private void EnterNesting(SourcePosition where)
    {
        if (++_depth > MaxNestingDepth)
            throw Error(where, $"arrays and inline tables are nested more than {MaxNestingDepth} deep");
    }

    /// <summary>array = [ ws-comment-newline values? ws-comment-newline ,? ] — trailing comma allowed.</summary>
    private TomlArray ParseArray()
    {
        var start = Here;
        EnterNesting(start);
        _pos++;
        var array = new TomlArray(start, isArrayOfTables: false);
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd) throw Error(start, "unterminated array: expected ']' before the end of file");
            if (Peek == (byte)']')
            {
                _pos++;
                break;
            }
            if (Peek == (byte)',')
                throw Error(Here, array.Count == 0 ? "expected a value or ']', found ','" : "expected a value after ',', found another ','");
            array.Add(ParseValue());
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd) throw Error(start, "unterminated array: expected ']' before the end of file");
            if (Peek == (byte)',')
            {
                _pos++;
                continue;
            }
            if (Peek == (byte)']')
            {
                _pos++;
                break;
            }
            throw Error(Here, $"expected ',' or ']' in array, found {Describe(Peek)}");
        }
        _depth--;
        return array;
    }

    /// <summary>
    /// inline-table = { ws keyvals? ws } — on one line, no trailing comma (TOML 1.0). Once closed it is
    /// sealed: neither headers nor dotted keys elsewhere may add to it.
    /// </summary>
    private TomlTable ParseInlineTable()
    {
        var start = Here;
        EnterNesting(start);
        _pos++;
        // Keys inside are parsed with the same rules as a table body; sub-tables made by dotted keys
        // inside stay reachable only through this (sealed) table.
        var table = new TomlTable(start, TomlTableOrigin.DottedKey);
        SkipWhitespace();
        if (!AtEnd && Peek == (byte)'}')
        {
            _pos++;
        }
        else
        {
            while (true)
            {
                SkipWhitespace();
                if (AtEnd) throw Error(start, "unterminated inline table: expected '}' before the end of file");
                if (IsNewlineByte(Peek)) throw Error(Here, "newlines are not allowed inside an inline table (TOML 1.0)");
                if (Peek == (byte)',') throw Error(Here, "expected a key in inline table, found ','");
                if (Peek == (byte)'}') throw Error(Here, "trailing comma is not allowed in an inline table");
                ParseKeyValue(table);
                SkipWhitespace();
                if (AtEnd) throw Error(start, "unterminated inline table: expected '}' before the end of file");
                if (Peek == (byte)',')
                {
                    _pos++;
                    continue;
                }
                if (Peek == (byte)'}')
                {
                    _pos++;
                    break;
                }
                if (IsNewlineByte(Peek)) throw Error(Here, "newlines are not allowed inside an inline table (TOML 1.0)");
                throw Error(Here, $"expected ',' or '}}' in inline table, found {Describe(Peek)}");
            }
        }
        table.Origin = TomlTableOrigin.Inline;
        _depth--;
        return table;
    }

    private TomlValue ParseBoolean()
    {
        var start = Here;
        if (Matches("true"u8) && !IsValueContinuation(PeekAt(4)))
        {
            _pos += 4;
            return TomlValue.FromBoolean(start, true);
        }
        if (Matches("false"u8) && !IsValueContinuation(PeekAt(5)))
        {
            _pos += 5;
            return TomlValue.FromBoolean(start, false);
        }
        throw Error(start, "expected a value: booleans are lowercase 'true' or 'false'; strings need quotes");
    }

    private bool Matches(ReadOnlySpan<byte> literal) =>
        _pos + literal.Length <= _length && _src.AsSpan(_pos, literal.Length).SequenceEqual(literal);

    /// <summary>Bytes that would make a keyword or number token longer (so "truex" is not "true").</summary>
    private static bool IsValueContinuation(byte b) =>
        IsBareKeyByte(b) || b is (byte)'.' or (byte)'+' or (byte)':';
}
