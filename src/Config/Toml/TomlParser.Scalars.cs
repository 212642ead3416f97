using System.Globalization;
using System.Text;

namespace Edge.Config.Toml;

// Integers, floats and the four date-time kinds. The token is cut first (the bytes that can belong
// to a number or date-time), then classified and checked strictly against the ABNF of TOML 1.0.
public sealed partial class TomlParser
{
    private TomlValue ParseNumberOrDateTime()
    {
        var start = Here;
        var begin = _pos;
        while (!AtEnd && IsNumberTokenByte(Peek)) _pos++;
        // Date and time may be separated by a single space: "1979-05-27 07:32:00Z".
        if (_pos - begin == 10 && LooksLikeDate(_src.AsSpan(begin, 10)) && !AtEnd && Peek == (byte)' '
            && IsDigit(PeekAt(1)) && IsDigit(PeekAt(2)) && PeekAt(3) == (byte)':')
        {
            _pos++;
            while (!AtEnd && IsNumberTokenByte(Peek)) _pos++;
        }
        var token = _src.AsSpan(begin, _pos - begin);
        if (token.Length == 0) throw Error(start, $"expected a value, found {Describe(_src[begin])}");

        if (token.Length >= 10 && LooksLikeDate(token)) return TomlValue.FromDateTime(start, ParseDateTime(token, start));
        if (token.Length >= 3 && IsDigit(token[0]) && IsDigit(token[1]) && token[2] == (byte)':')
            return TomlValue.FromDateTime(start, ParseLocalTime(token, start));
        return ParseNumber(token, start);
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsNumberTokenByte(byte b) =>
        IsBareKeyByte(b) || b is (byte)'.' or (byte)'+' or (byte)':';

    private static bool LooksLikeDate(ReadOnlySpan<byte> t) =>
        t.Length >= 10 && IsDigit(t[0]) && IsDigit(t[1]) && IsDigit(t[2]) && IsDigit(t[3]) && t[4] == (byte)'-';

    // ---- numbers ----

    private TomlValue ParseNumber(ReadOnlySpan<byte> token, SourcePosition start)
    {
        var text = Encoding.ASCII.GetString(token);
        var body = token;
        var negative = false;
        var hasSign = false;
        if (body[0] is (byte)'+' or (byte)'-')
        {
            hasSign = true;
            negative = body[0] == (byte)'-';
            body = body[1..];
        }
        if (body.SequenceEqual("inf"u8))
            return TomlValue.FromFloat(start, negative ? double.NegativeInfinity : double.PositiveInfinity);
        if (body.SequenceEqual("nan"u8))
            return TomlValue.FromFloat(start, double.NaN);
        if (body.Length == 0 || !IsDigit(body[0]))
            throw Error(start, $"invalid number '{text}'");

        if (body.Length > 1 && body[0] == (byte)'0' && body[1] is (byte)'x' or (byte)'o' or (byte)'b')
        {
            if (hasSign) throw Error(start, $"invalid integer '{text}': hexadecimal, octal and binary integers cannot have a sign");
            var radix = body[1] switch { (byte)'x' => 16, (byte)'o' => 8, _ => 2 };
            return TomlValue.FromInteger(start, ParseRadixInteger(body[2..], radix, text, start));
        }

        var isFloat = body.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
        if (!isFloat)
        {
            ValidateDigitsWithUnderscores(body, text, start, allowLeadingZero: false);
            var digits = StripUnderscores(body);
            if (!long.TryParse(hasSign && negative ? "-" + digits : digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Error(start, $"integer '{text}' is out of range: integers are 64-bit signed (−2^63 … 2^63−1)");
            return TomlValue.FromInteger(start, value);
        }
        return TomlValue.FromFloat(start, ParseFloat(body, negative, text, start));
    }

    /// <summary>float = dec-int ( frac [ exp ] / exp ); frac = "." zero-prefixable-int; exp = e [+-] zero-prefixable-int</summary>
    private double ParseFloat(ReadOnlySpan<byte> body, bool negative, string text, SourcePosition start)
    {
        var expAt = body.IndexOfAny((byte)'e', (byte)'E');
        var mantissa = expAt >= 0 ? body[..expAt] : body;
        var dot = mantissa.IndexOf((byte)'.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        ValidateDigitsWithUnderscores(intPart, text, start, allowLeadingZero: false);
        if (dot >= 0)
        {
            var frac = mantissa[(dot + 1)..];
            if (frac.Length == 0) throw Error(start, $"invalid float '{text}': a digit must follow the decimal point");
            ValidateDigitsWithUnderscores(frac, text, start, allowLeadingZero: true);
        }
        if (expAt >= 0)
        {
            var exp = body[(expAt + 1)..];
            if (exp.Length > 0 && exp[0] is (byte)'+' or (byte)'-') exp = exp[1..];
            if (exp.Length == 0) throw Error(start, $"invalid float '{text}': the exponent needs digits");
            ValidateDigitsWithUnderscores(exp, text, start, allowLeadingZero: true);
        }
        var clean = StripUnderscores(body);
        if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw Error(start, $"invalid float '{text}'");
        return negative ? -value : value;
    }

    /// <summary>Digits with single underscores between digits; no leading zero unless the part is "0".</summary>
    private void ValidateDigitsWithUnderscores(ReadOnlySpan<byte> part, string text, SourcePosition start, bool allowLeadingZero)
    {
        if (part.Length == 0) throw Error(start, $"invalid number '{text}': expected digits");
        for (var i = 0; i < part.Length; i++)
        {
            var b = part[i];
            if (b == (byte)'_')
            {
                if (i == 0 || i == part.Length - 1 || !IsDigit(part[i - 1]) || !IsDigit(part[i + 1]))
                    throw Error(start, $"invalid number '{text}': each underscore must be between two digits");
                continue;
            }
            if (!IsDigit(b)) throw Error(start, $"invalid number '{text}': unexpected {Describe(b)}");
        }
        if (!allowLeadingZero && part.Length > 1 && part[0] == (byte)'0')
            throw Error(start, $"invalid number '{text}': leading zeros are not allowed");
    }

    private long ParseRadixInteger(ReadOnlySpan<byte> digits, int radix, string text, SourcePosition start)
    {
        if (digits.Length == 0) throw Error(start, $"invalid integer '{text}': expected digits after the prefix");
        ulong value = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var b = digits[i];
            if (b == (byte)'_')
            {
                if (i == 0 || i == digits.Length - 1 || digits[i - 1] == (byte)'_' || digits[i + 1] == (byte)'_')
                    throw Error(start, $"invalid integer '{text}': each underscore must be between two digits");
                continue;
            }
            var d = HexValue(b);
            if (d < 0 || d >= radix) throw Error(start, $"invalid integer '{text}': '{(char)b}' is not a base-{radix} digit");
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix)
                throw Error(start, $"integer '{text}' is out of range: integers are 64-bit signed");
            value = value * (ulong)radix + (ulong)d;
        }
        if (value > long.MaxValue) throw Error(start, $"integer '{text}' is out of range: integers are 64-bit signed");
        return (long)value;
    }

    private static string StripUnderscores(ReadOnlySpan<byte> s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in s)
        {
            if (b != (byte)'_') sb.Append((char)b);
        }
        return sb.ToString();
    }

    // ---- date-times (RFC 3339 as profiled by TOML 1.0) ----

    private TomlDateTime ParseDateTime(ReadOnlySpan<byte> t, SourcePosition start)
    {
        // full-date = YYYY-MM-DD
        if (t.Length < 10 || t[7] != (byte)'-' || !AllDigits(t[..4]) || !AllDigits(t.Slice(5, 2)) || !AllDigits(t.Slice(8, 2)))
            throw Error(start, $"invalid date '{Ascii(t)}': expected YYYY-MM-DD");
        var year = Num(t[..4]);
        var month = Num(t.Slice(5, 2));
        var day = Num(t.Slice(8, 2));
        if (month is < 1 or > 12) throw Error(start, $"invalid date '{Ascii(t)}': month must be 01–12");
        if (day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
            throw Error(start, $"invalid date '{Ascii(t)}': day {day:D2} does not exist in {year:D4}-{month:D2}");
        if (t.Length == 10)
            return new TomlDateTime { Kind = TomlValueKind.LocalDate, Year = year, Month = month, Day = day, Fraction = "" };

        if (t[10] is not ((byte)'T' or (byte)'t' or (byte)' '))
            throw Error(start, $"invalid date-time '{Ascii(t)}': expected 'T' or a space between date and time");
        var rest = t[11..];
        var timeLength = TimeLength(rest);
        var time = ParseTimeCore(rest[..timeLength], t, start);
        var offset = rest[timeLength..];
        if (offset.Length == 0)
            return time with { Kind = TomlValueKind.LocalDateTime, Year = year, Month = month, Day = day };

        int offsetMinutes;
        var utc = false;
        if (offset.Length == 1 && offset[0] is (byte)'Z' or (byte)'z')
        {
            offsetMinutes = 0;
            utc = true;
        }
        else if (offset.Length == 6 && offset[0] is (byte)'+' or (byte)'-' && AllDigits(offset.Slice(1, 2))
                 && offset[3] == (byte)':' && AllDigits(offset.Slice(4, 2)))
        {
            var oh = Num(offset.Slice(1, 2));
            var om = Num(offset.Slice(4, 2));
            if (oh > 23 || om > 59) throw Error(start, $"invalid date-time '{Ascii(t)}': offset out of range");
            offsetMinutes = (oh * 60 + om) * (offset[0] == (byte)'-' ? -1 : 1);
        }
        else
        {
            throw Error(start, $"invalid date-time '{Ascii(t)}': expected 'Z' or an offset like +01:00 after the time");
        }
        return time with
        {
            Kind = TomlValueKind.OffsetDateTime, Year = year, Month = month, Day = day,
            OffsetMinutes = offsetMinutes, IsUtcDesignator = utc,
        };
    }

    private TomlDateTime ParseLocalTime(ReadOnlySpan<byte> t, SourcePosition start)
    {
        var length = TimeLength(t);
        if (length != t.Length) throw Error(start, $"invalid time '{Ascii(t)}': unexpected characters after the time");
        return ParseTimeCore(t, t, start) with { Kind = TomlValueKind.LocalTime };
    }

    /// <summary>Length of the partial-time prefix HH:MM:SS[.frac] (without an offset).</summary>
    private static int TimeLength(ReadOnlySpan<byte> t)
    {
        var n = Math.Min(8, t.Length);
        if (n == 8 && t.Length > 8 && t[8] == (byte)'.')
        {
            n = 9;
            while (n < t.Length && IsDigit(t[n])) n++;
        }
        return n;
    }

    /// <summary>partial-time = HH:MM:SS [ "." 1*DIGIT ] — seconds are mandatory in TOML 1.0.</summary>
    private TomlDateTime ParseTimeCore(ReadOnlySpan<byte> time, ReadOnlySpan<byte> whole, SourcePosition start)
    {
        if (time.Length < 8 || !AllDigits(time[..2]) || time[2] != (byte)':' || !AllDigits(time.Slice(3, 2))
            || time[5] != (byte)':' || !AllDigits(time.Slice(6, 2)))
            throw Error(start, $"invalid time in '{Ascii(whole)}': expected HH:MM:SS");
        var hour = Num(time[..2]);
        var minute = Num(time.Slice(3, 2));
        var second = Num(time.Slice(6, 2));
        if (hour > 23 || minute > 59 || second > 60)
            throw Error(start, $"invalid time in '{Ascii(whole)}': hour 00–23, minute 00–59, second 00–60");
        var fraction = "";
        if (time.Length > 8)
        {
            var digits = time[9..];
            if (digits.Length == 0) throw Error(start, $"invalid time in '{Ascii(whole)}': a digit must follow the decimal point");
            fraction = Ascii(digits);
        }
        return new TomlDateTime { Hour = hour, Minute = minute, Second = second, Fraction = fraction };
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (!IsDigit(b)) return false;
        }
        return s.Length > 0;
    }

    private static int Num(ReadOnlySpan<byte> s)
    {
        var n = 0;
        foreach (var b in s) n = n * 10 + (b - '0');
        return n;
    }

    private static string Ascii(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s);
}
