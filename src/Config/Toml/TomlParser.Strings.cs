using System.Text;

namespace Edge.Config.Toml;

// The four string forms of TOML 1.0: basic "...", multi-line basic """...""", literal '...',
// multi-line literal '''...'''. Content is gathered as UTF-8 bytes (the input is already validated)
// and decoded once at the end.
public sealed partial class TomlParser
{
    private byte[] _buf = new byte[256];
    private int _bufLen;

    private void BufAppend(byte b)
    {
        if (_bufLen == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        _buf[_bufLen++] = b;
    }

    private void BufAppend(ReadOnlySpan<byte> bytes)
    {
        while (_bufLen + bytes.Length > _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        bytes.CopyTo(_buf.AsSpan(_bufLen));
        _bufLen += bytes.Length;
    }

    private string BufToString()
    {
        var s = Encoding.UTF8.GetString(_buf, 0, _bufLen);
        _bufLen = 0;
        return s;
    }

    /// <summary>basic-string = " *basic-char "</summary>
    private string ParseBasicString()
    {
        // Most strings have no escapes: find the closing quote and take the bytes between as they are.
        var body = _src.AsSpan(_pos + 1, _length - _pos - 1);
        var stop = body.IndexOfAny(BasicStringStops);
        if (stop >= 0 && body[stop] == (byte)'"')
        {
            var s = Intern(body[..stop]);
            _pos += stop + 2;
            return s;
        }
        return ParseBasicStringSlow();
    }

    /// <summary>Bytes that end the fast scan of a basic string: the quote, a backslash, or a control character.</summary>
    private static readonly System.Buffers.SearchValues<byte> BasicStringStops = System.Buffers.SearchValues.Create(
        [(byte)'"', (byte)'\\', 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F]);

    private string ParseBasicStringSlow()
    {
        var start = Here;
        _pos++; // opening quote
        _bufLen = 0;
        while (true)
        {
            if (AtEnd) throw Error(start, "unterminated string: expected '\"' before the end of file");
            var b = Peek;
            if (b == (byte)'"')
            {
                _pos++;
                return BufToString();
            }
            if (IsNewlineByte(b)) throw Error(Here, "unterminated string: basic strings cannot span lines (use \"\"\" for multi-line)");
            if (b == (byte)'\\')
            {
                ParseEscape(multiline: false);
                continue;
            }
            if (IsForbiddenControl(b)) throw Error(Here, $"{Describe(b)} must be escaped in a string");
            BufAppend(b);
            _pos++;
        }
    }

    /// <summary>ml-basic-string = """ newline? ml-basic-body """</summary>
    private string ParseMultilineBasicString()
    {
        var start = Here;
        _pos += 3;
        _bufLen = 0;
        TryConsumeNewline(); // a newline right after the opening delimiter is trimmed
        while (true)
        {
            if (AtEnd) throw Error(start, "unterminated multi-line string: expected '\"\"\"' before the end of file");
            var b = Peek;
            if (b == (byte)'"' && PeekAt(1) == (byte)'"' && PeekAt(2) == (byte)'"')
            {
                // Up to two quotes may sit right before the closing delimiter: """a""""" is a"".
                var run = CountRun((byte)'"');
                if (run > 5) throw Error(Here, "too many quotes: at most two '\"' may precede the closing '\"\"\"'");
                for (var i = 0; i < run - 3; i++) BufAppend((byte)'"');
                _pos += run;
                return BufToString();
            }
            if (b == (byte)'\\')
            {
                ParseEscape(multiline: true);
                continue;
            }
            if (b is (byte)'\n' or (byte)'\r')
            {
                var nlStart = _pos;
                TryConsumeNewline();
                BufAppend(_src.AsSpan(nlStart, _pos - nlStart));
                continue;
            }
            if (IsForbiddenControl(b)) throw Error(Here, $"{Describe(b)} must be escaped in a string");
            BufAppend(b);
            _pos++;
        }
    }

    /// <summary>literal-string = ' *literal-char '</summary>
    private string ParseLiteralString()
    {
        var start = Here;
        _pos++;
        var begin = _pos;
        while (true)
        {
            if (AtEnd) throw Error(start, "unterminated literal string: expected \"'\" before the end of file");
            var b = Peek;
            if (b == (byte)'\'')
            {
                var s = Intern(_src.AsSpan(begin, _pos - begin));
                _pos++;
                return s;
            }
            if (IsNewlineByte(b)) throw Error(Here, "unterminated literal string: literal strings cannot span lines (use ''' for multi-line)");
            if (IsForbiddenControl(b)) throw Error(Here, $"{Describe(b)} is not allowed in a literal string");
            _pos++;
        }
    }

    /// <summary>ml-literal-string = ''' newline? ml-literal-body '''</summary>
    private string ParseMultilineLiteralString()
    {
        var start = Here;
        _pos += 3;
        _bufLen = 0;
        TryConsumeNewline();
        while (true)
        {
            if (AtEnd) throw Error(start, "unterminated multi-line literal string: expected \"'''\" before the end of file");
            var b = Peek;
            if (b == (byte)'\'' && PeekAt(1) == (byte)'\'' && PeekAt(2) == (byte)'\'')
            {
                var run = CountRun((byte)'\'');
                if (run > 5) throw Error(Here, "too many quotes: at most two \"'\" may precede the closing \"'''\"");
                for (var i = 0; i < run - 3; i++) BufAppend((byte)'\'');
                _pos += run;
                return BufToString();
            }
            if (b is (byte)'\n' or (byte)'\r')
            {
                var nlStart = _pos;
                TryConsumeNewline();
                BufAppend(_src.AsSpan(nlStart, _pos - nlStart));
                continue;
            }
            if (IsForbiddenControl(b)) throw Error(Here, $"{Describe(b)} is not allowed in a literal string");
            BufAppend(b);
            _pos++;
        }
    }

    private int CountRun(byte b)
    {
        var n = 0;
        while (_pos + n < _length && _src[_pos + n] == b) n++;
        return n;
    }

    /// <summary>
    /// escape = \ ( " \ b f n r t uXXXX UXXXXXXXX ); in multi-line basic strings a backslash at the end
    /// of a line (trailing whitespace allowed) also trims all whitespace and newlines that follow.
    /// </summary>
    private void ParseEscape(bool multiline)
    {
        var escPos = Here;
        _pos++; // backslash
        if (AtEnd) throw Error(escPos, "unterminated escape sequence");
        var c = Peek;
        switch (c)
        {
            case (byte)'"': BufAppend((byte)'"'); _pos++; return;
            case (byte)'\\': BufAppend((byte)'\\'); _pos++; return;
            case (byte)'b': BufAppend(0x08); _pos++; return;
            case (byte)'f': BufAppend(0x0C); _pos++; return;
            case (byte)'n': BufAppend((byte)'\n'); _pos++; return;
            case (byte)'r': BufAppend((byte)'\r'); _pos++; return;
            case (byte)'t': BufAppend((byte)'\t'); _pos++; return;
            case (byte)'u': _pos++; AppendUnicodeEscape(4, escPos); return;
            case (byte)'U': _pos++; AppendUnicodeEscape(8, escPos); return;
        }
        if (multiline && c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            // Line-ending backslash: only whitespace may follow it on its line.
            SkipWhitespace();
            if (!TryConsumeNewline())
                throw Error(escPos, "a line-ending backslash must be followed only by whitespace up to the end of the line");
            while (true)
            {
                SkipWhitespace();
                if (!TryConsumeNewline()) break;
            }
            return;
        }
        throw Error(escPos, $"invalid escape sequence '\\{(c < 0x80 && c >= 0x20 ? ((char)c).ToString() : "?")}': expected one of \\\" \\\\ \\b \\f \\n \\r \\t \\uXXXX \\UXXXXXXXX");
    }

    private void AppendUnicodeEscape(int digits, SourcePosition escPos)
    {
        uint value = 0;
        for (var i = 0; i < digits; i++)
        {
            if (AtEnd) throw Error(escPos, $"incomplete unicode escape: expected {digits} hex digits");
            var d = HexValue(Peek);
            if (d < 0) throw Error(escPos, $"invalid unicode escape: expected {digits} hex digits");
            value = (value << 4) | (uint)d;
            _pos++;
        }
        if (!Rune.IsValid(value))
            throw Error(escPos, $"invalid unicode escape: U+{value:X} is not a Unicode scalar value");
        Span<byte> utf8 = stackalloc byte[4];
        var n = new Rune(value).EncodeToUtf8(utf8);
        BufAppend(utf8[..n]);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
