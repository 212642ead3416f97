using System.Globalization;
using System.Text;

namespace Edge.Config.Toml;

/// <summary>
/// A TOML date-time in one of its four kinds (RFC 3339 with TOML's local variants). The fraction of a
/// second is kept as its digits so nothing is lost to rounding; <see cref="ToString"/> writes RFC 3339.
/// </summary>
public readonly record struct TomlDateTime
{
    public TomlValueKind Kind { get; init; }
    public int Year { get; init; }
    public int Month { get; init; }
    public int Day { get; init; }
    public int Hour { get; init; }
    public int Minute { get; init; }
    public int Second { get; init; }
    /// <summary>Digits after the decimal point ("" when there is no fraction).</summary>
    public string Fraction { get; init; }
    /// <summary>Offset from UTC in minutes (offset date-times only).</summary>
    public int OffsetMinutes { get; init; }
    /// <summary>True when the offset was written as Z (rather than +00:00).</summary>
    public bool IsUtcDesignator { get; init; }

    public bool HasDate => Kind is TomlValueKind.OffsetDateTime or TomlValueKind.LocalDateTime or TomlValueKind.LocalDate;
    public bool HasTime => Kind is TomlValueKind.OffsetDateTime or TomlValueKind.LocalDateTime or TomlValueKind.LocalTime;

    public override string ToString()
    {
        var sb = new StringBuilder(35);
        if (HasDate)
        {
            sb.Append(Year.ToString("D4", CultureInfo.InvariantCulture)).Append('-')
              .Append(Month.ToString("D2", CultureInfo.InvariantCulture)).Append('-')
              .Append(Day.ToString("D2", CultureInfo.InvariantCulture));
        }
        if (HasDate && HasTime) sb.Append('T');
        if (HasTime)
        {
            sb.Append(Hour.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
              .Append(Minute.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
              .Append(Second.ToString("D2", CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(Fraction)) sb.Append('.').Append(Fraction);
        }
        if (Kind == TomlValueKind.OffsetDateTime)
        {
            if (IsUtcDesignator) sb.Append('Z');
            else
            {
                var off = Math.Abs(OffsetMinutes);
                sb.Append(OffsetMinutes < 0 ? '-' : '+')
                  .Append((off / 60).ToString("D2", CultureInfo.InvariantCulture)).Append(':')
                  .Append((off % 60).ToString("D2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}
