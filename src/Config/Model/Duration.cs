using System.Globalization;
using System.Text;

namespace Edge.Config.Model;

/// <summary>
/// A span of time written as a number and a unit: "250ms", "5s", "2m", "1h", "1d", or several of those
/// in decreasing units ("1m30s"). Stored as whole milliseconds: nothing in the gateway needs finer
/// timeouts, and integers keep equality exact.
/// </summary>
public readonly record struct Duration(long Milliseconds)
{
    /// <summary>The "what is expected" half of every duration error message.</summary>
    public const string Expected = "expected a number followed by ms, s, m, h or d (e.g. \"250ms\", \"5s\"), at most 24d";

    /// <summary>The longest duration accepted: timers in .NET take at most int.MaxValue milliseconds (24.8 days).</summary>
    public const long MaxMilliseconds = int.MaxValue;

    public TimeSpan ToTimeSpan() => TimeSpan.FromMilliseconds(Milliseconds);

    public static Duration FromSeconds(long seconds) => new(seconds * 1000);

    public static bool TryParse(string text, out Duration value)
    {
        value = default;
        if (text.Length == 0) return false;
        long total = 0;
        var lastUnit = long.MaxValue;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start || i - start > 12) return false;
            var number = long.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            long unit;
            if (text.AsSpan(i).StartsWith("ms", StringComparison.Ordinal)) { unit = 1; i += 2; }
            else if (i < text.Length && text[i] == 's') { unit = 1000; i++; }
            else if (i < text.Length && text[i] == 'm') { unit = 60_000; i++; }
            else if (i < text.Length && text[i] == 'h') { unit = 3_600_000; i++; }
            else if (i < text.Length && text[i] == 'd') { unit = 86_400_000; i++; }
            else return false;
            // "1m30s" is fine, "30s1m" or "1s1s" is almost certainly a typo: units must strictly decrease.
            if (unit >= lastUnit) return false;
            lastUnit = unit;
            // Overflow is a bad value, not a crash: nothing sensible is 290 million years long.
            if (number > (long.MaxValue - total) / unit) return false;
            total += number * unit;
        }
        if (total > MaxMilliseconds) return false;
        value = new Duration(total);
        return true;
    }

    /// <summary>The shortest text that parses back to this value ("1m30s", "250ms", "0s").</summary>
    public override string ToString()
    {
        if (Milliseconds == 0) return "0s";
        var sb = new StringBuilder();
        var rest = Milliseconds;
        Append(ref rest, 86_400_000, "d");
        Append(ref rest, 3_600_000, "h");
        Append(ref rest, 60_000, "m");
        Append(ref rest, 1000, "s");
        Append(ref rest, 1, "ms");
        return sb.ToString();

        void Append(ref long remaining, long unit, string suffix)
        {
            if (remaining < unit) return;
            sb.Append((remaining / unit).ToString(CultureInfo.InvariantCulture)).Append(suffix);
            remaining %= unit;
        }
    }
}
