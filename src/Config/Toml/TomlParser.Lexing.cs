using System.Text;

namespace Edge.Config.Toml;

// Positions, whitespace, newlines, comments, keys and error construction.
public sealed partial class TomlParser
{
    private bool AtEnd => _pos >= _length;
    private byte Peek => _src[_pos];
    private byte PeekAt(int offset) => _pos + offset < _length ? _src[_pos + offset] : (byte)0;

    /// <summary>The current position. Columns count code points, so they match what an editor shows.</summary>
    private SourcePosition Here => PositionOf(_pos);

    private SourcePosition PositionOf(int offset)
    {
        var column = 1;
        for (var i = _lineStart; i < offset && i < _length; i++)
        {
            if ((_src[i] & 0xC0) != 0x80) column++;
        }
        return new SourcePosition(_line, column);
    }

    private TomlException Error(SourcePosition position, string message) => new(position, message);

    private static bool IsNewlineByte(byte b) => b is (byte)'\n' or (byte)'\r';

    /// <summary>Control characters TOML forbids outside of their allowed places (tab is allowed).</summary>
    private static bool IsForbiddenControl(byte b) => (b < 0x20 && b != (byte)'\t') || b == 0x7F;

    private static string Describe(byte b) => b switch
    {
        (byte)'\n' => "a newline",
        (byte)'\r' => "a carriage return",
        (byte)'\t' => "a tab",
        < 0x20 or 0x7F => $"control character U+{b:X4}",
        < 0x80 => $"'{(char)b}'",
        _ => "a non-ASCII character",
    };

    /// <summary>TOML documents must be valid UTF-8; report the first bad byte's position.</summary>
    private void ValidateEncoding()
    {
        var span = _src.AsSpan(0, _length);
        // Vectorized check first; the scalar walk below only runs to locate the first bad byte.
        if (System.Text.Unicode.Utf8.IsValid(span)) return;
        var offset = 0;
        while (offset < span.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // Count lines up to the bad byte so the error points at it.
                var line = 1;
                var lineStart = 0;
                for (var i = 0; i < offset; i++)
                {
                    if (span[i] == (byte)'\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }
                }
                _line = line;
                _lineStart = lineStart;
                throw Error(PositionOf(offset), "invalid UTF-8 byte sequence");
            }
            offset += consumed;
        }
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && (Peek == (byte)' ' || Peek == (byte)'\t')) _pos++;
    }

    /// <summary>Consumes LF or CRLF. A CR not followed by LF is an error wherever it appears.</summary>
    private bool TryConsumeNewline()
    {
        if (AtEnd) return false;
        if (Peek == (byte)'\n')
        {
            _pos++;
            _line++;
            _lineStart = _pos;
            return true;
        }
        if (Peek == (byte)'\r')
        {
            if (PeekAt(1) != (byte)'\n') throw Error(Here, "carriage return must be followed by a line feed");
            _pos += 2;
            _line++;
            _lineStart = _pos;
            return true;
        }
        return false;
    }

    /// <summary>Skips a comment up to (not including) the newline, refusing control characters.</summary>
    private void SkipComment()
    {
        _pos++; // '#'
        while (!AtEnd)
        {
            var b = Peek;
            if (b == (byte)'\n') return;
            if (b == (byte)'\r')
            {
                if (PeekAt(1) == (byte)'\n') return;
                throw Error(Here, "carriage return must be followed by a line feed");
            }
            if (IsForbiddenControl(b)) throw Error(Here, $"{Describe(b)} is not allowed in a comment");
            _pos++;
        }
    }

    /// <summary>Skips whitespace, comments and newlines (inside arrays).</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            SkipWhitespace();
            if (AtEnd) return;
            if (Peek == (byte)'#')
            {
                SkipComment();
                continue;
            }
            if (!TryConsumeNewline()) return;
        }
    }

    private void Expect(byte b, string what)
    {
        if (AtEnd) throw Error(Here, $"expected {what}, found end of file");
        if (Peek != b) throw Error(Here, $"expected {what}, found {Describe(Peek)}");
        _pos++;
    }

    // ---- keys ----

    private static bool IsBareKeyByte(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'_' or (byte)'-';

    /// <summary>key = simple-key *( ws "." ws simple-key )</summary>
    private List<KeyPart> ParseKeyPath()
    {
        // One list per nesting depth, reused: a key path is consumed before any value nested deeper
        // is parsed, and values nested inside it parse their own keys one level down.
        var keys = _keyPaths[_depth] ??= new List<KeyPart>(2);
        keys.Clear();
        while (true)
        {
            keys.Add(ParseSimpleKey());
            SkipWhitespace();
            if (AtEnd || Peek != (byte)'.') return keys;
            _pos++;
            SkipWhitespace();
        }
    }

    private KeyPart ParseSimpleKey()
    {
        var start = Here;
        if (AtEnd) throw Error(start, "expected a key, found end of file");
        var c = Peek;
        if (c == (byte)'"')
        {
            if (PeekAt(1) == (byte)'"' && PeekAt(2) == (byte)'"')
                throw Error(start, "multi-line strings cannot be used as keys");
            return new KeyPart(ParseBasicString(), start);
        }
        if (c == (byte)'\'')
        {
            if (PeekAt(1) == (byte)'\'' && PeekAt(2) == (byte)'\'')
                throw Error(start, "multi-line strings cannot be used as keys");
            return new KeyPart(ParseLiteralString(), start);
        }
        var begin = _pos;
        while (!AtEnd && IsBareKeyByte(Peek)) _pos++;
        if (_pos == begin)
            throw Error(start, AtEnd || IsNewlineByte(c)
                ? "expected a key"
                : $"expected a key (letters, digits, '_', '-', or a quoted string), found {Describe(c)}");
        return new KeyPart(Intern(_src.AsSpan(begin, _pos - begin)), start);
    }

    // ---- string pool ----

    /// <summary>Strings longer than this are never pooled (keys and short values repeat; long text rarely does).</summary>
    private const int MaxPooledLength = 32;

    /// <summary>Bounds the pool for documents with many distinct short strings.</summary>
    private const int MaxPooledStrings = 1024;

    /// <summary>
    /// The string for ASCII <paramref name="utf8"/>, shared with earlier equal strings of this document:
    /// a 10,000-route config spells "path", "methods", "GET" and its base paths thousands of times, and
    /// the tree keeps them all until binding is done. Non-ASCII or long text is decoded as usual.
    /// </summary>
    private readonly char[] _internChars = new char[MaxPooledLength];

    private string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledLength || !System.Text.Ascii.IsValid(utf8)) return Encoding.UTF8.GetString(utf8);
        var n = Encoding.ASCII.GetChars(utf8, _internChars);
        var text = _internChars.AsSpan(0, n);
        var lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var pooled)) return pooled;
        var s = new string(text);
        if (_pool.Count < MaxPooledStrings) _pool.Add(s, s);
        return s;
    }
}
