using System.Globalization;

namespace Edge.Config.Model;

/// <summary>
/// A request rate: a count per period, written "5000/min", "10/s", "100/sec", "1000/hour", "50000/day".
/// Kept as the pair the user wrote (not a per-second float) so token buckets can refill exactly and
/// equality does not depend on rounding.
/// </summary>
public readonly record struct Rate(long Count, Duration Period)
{
    public const string Expected = "expected a count per period like \"5000/min\", \"10/s\", \"1000/hour\" or \"50000/day\"";

    public double PerSecond => Count * 1000.0 / Period.Milliseconds;

    public static bool TryParse(string text, out Rate value)
    {
        value = default;
        var slash = text.IndexOf('/');
        if (slash <= 0) return false;
        var countText = text.AsSpan(0, slash).Trim();
        foreach (var c in countText)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        if (countText.Length == 0 || countText.Length > 15) return false;
        var count = long.Parse(countText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (count <= 0) return false;
        long periodMs = text.AsSpan(slash + 1).Trim() switch
        {
            "s" or "sec" or "second" => 1000,
            "m" or "min" or "minute" => 60_000,
            "h" or "hour" => 3_600_000,
            "d" or "day" => 86_400_000,
            _ => 0,
        };
        if (periodMs == 0) return false;
        value = new Rate(count, new Duration(periodMs));
        return true;
    }

    public override string ToString()
    {
        var unit = Period.Milliseconds switch
        {
            1000 => "s",
            60_000 => "min",
            3_600_000 => "hour",
            86_400_000 => "day",
            _ => Period.ToString(),
        };
        return Count.ToString(CultureInfo.InvariantCulture) + "/" + unit;
    }
}
