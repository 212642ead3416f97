using System.Globalization;

namespace Edge.Throttling;

/// <summary>
/// One rate limit's definition: <see cref="Count"/> tokens per <see cref="PeriodSeconds"/>, holding at most
/// <see cref="Burst"/>. Immutable, with value equality on exactly those three numbers, so a reload keeps a
/// bucket table whose definition did not change (<see cref="ThrottleStateRegistry"/>).
/// </summary>
/// <remarks>
/// The constructor also derives the integers the bucket arithmetic runs on (docs/throttling.md, "Bucket
/// math"): time is counted in units of <see cref="UnitMicros"/>; a token costs <see cref="Cost"/> scaled
/// units and every time unit accrues <see cref="Accrual"/> of them, where Cost/Accrual is exactly the
/// period/count ratio reduced by their gcd — so refill needs no division and never rounds. The unit is the
/// finest power of ten (1 µs … 1 s) for which a bucket's state word cannot overflow before
/// <see cref="ThrottleClock.MaxMicros"/>.
/// </remarks>
internal sealed class ThrottleLimit : IEquatable<ThrottleLimit>
{
    /// <summary>Most tokens per period. 10^9/s is far beyond one node; the bound keeps the integers sized.</summary>
    public const long MaxCount = 1_000_000_000;

    /// <summary>Largest bucket; matches the config's <c>burst</c> bound (ThrottleBinder, 1–1,000,000,000).</summary>
    public const long MaxBurst = 1_000_000_000;

    /// <summary>Longest period: one year. The config writes s, min, hour or day; longer is accepted here.</summary>
    public const long MaxPeriodSeconds = 365L * 86_400;

    // A state word holds virtual time (units × Accrual) plus at most Capacity + Cost; keeping it under
    // 2^62 leaves headroom for the max(state, now) + cost step without any overflow check on the hot path.
    private const long StateLimit = 1L << 62;

    private ThrottleLimit(long count, long periodSeconds, long burst, long unit, long cost, long accrual)
    {
        Count = count;
        PeriodSeconds = periodSeconds;
        Burst = burst;
        UnitMicros = unit;
        Cost = cost;
        Accrual = accrual;
        Capacity = burst * cost;
    }

    public long Count { get; }
    public long PeriodSeconds { get; }
    public long Burst { get; }

    /// <summary>The time resolution of this limit's buckets, in µs: 1, 10, …, 1,000,000.</summary>
    public long UnitMicros { get; }

    /// <summary>Scaled units one token costs (= period in units / gcd).</summary>
    public long Cost { get; }

    /// <summary>Scaled units one time unit adds (= count / gcd).</summary>
    public long Accrual { get; }

    /// <summary>Scaled units in a full bucket (= burst × cost).</summary>
    public long Capacity { get; }

    /// <summary>Builds a limit or says why the numbers cannot be one.</summary>
    public static bool TryCreate(long count, long periodSeconds, long burst, out ThrottleLimit? limit, out string? error)
    {
        limit = null;
        error = count is < 1 or > MaxCount ? $"count {count} is out of range: expected 1 to {MaxCount:N0} per period"
            : periodSeconds is < 1 or > MaxPeriodSeconds ? $"period of {periodSeconds}s is out of range: expected 1s to 365 days"
            : burst is < 1 or > MaxBurst ? $"burst {burst} is out of range: expected 1 to {MaxBurst:N0}"
            : null;
        if (error is not null) return false;

        var periodMicros = periodSeconds * 1_000_000;
        for (long unit = 1; unit <= 1_000_000; unit *= 10)
        {
            var periodUnits = periodMicros / unit;
            var gcd = Gcd(count, periodUnits);
            long cost = periodUnits / gcd, accrual = count / gcd;
            // Largest virtual time ever computed, plus a full bucket and one token: must stay below 2^62.
            var peak = (Int128)(ThrottleClock.MaxMicros / unit + 1) * accrual + (Int128)burst * cost + cost;
            if (peak >= StateLimit) continue;
            // One time unit must not accrue more than the whole bucket, or the cap would drop tokens between
            // two readings and the effective rate would fall below the configured one.
            if (accrual > burst * cost)
            {
                error = $"a burst of {burst} refills faster than this rate's time resolution ({FormatMicros(unit)}): raise the burst or round the count";
                return false;
            }
            limit = new ThrottleLimit(count, periodSeconds, burst, unit, cost, accrual);
            return true;
        }
        // Unreachable with the bounds above (at 1 s resolution the peak is < 2^61); kept as a guard.
        error = $"{count} per {periodSeconds}s cannot be represented exactly";
        return false;
    }

    /// <summary>Like <see cref="TryCreate"/>, for definitions already validated by the config.</summary>
    public static ThrottleLimit Create(long count, long periodSeconds, long burst) =>
        TryCreate(count, periodSeconds, burst, out var limit, out var error) ? limit! : throw new ArgumentException(error);

    /// <summary>Virtual time for <paramref name="nowMicros"/>: whole units elapsed, times <see cref="Accrual"/>.</summary>
    public long VirtualTime(long nowMicros)
    {
        // Callers pass ThrottleClock time (already in [0, MaxMicros]); clamp anyway so a bad caller cannot
        // overflow a state word.
        var micros = Math.Clamp(nowMicros, 0, ThrottleClock.MaxMicros);
        return (UnitMicros == 1 ? micros : micros / UnitMicros) * Accrual;
    }

    /// <summary>Microseconds from <paramref name="nowMicros"/> until <paramref name="units"/> more whole units have elapsed.</summary>
    public long MicrosUntil(long nowMicros, long units)
    {
        if (units <= 0) return 0;
        var micros = Math.Clamp(nowMicros, 0, ThrottleClock.MaxMicros);
        var current = micros / UnitMicros;
        return (current + units) * UnitMicros - micros;
    }

    public bool Equals(ThrottleLimit? other) =>
        other is not null && Count == other.Count && PeriodSeconds == other.PeriodSeconds && Burst == other.Burst;

    public override bool Equals(object? obj) => Equals(obj as ThrottleLimit);

    public override int GetHashCode() => HashCode.Combine(Count, PeriodSeconds, Burst);

    public override string ToString()
    {
        var period = PeriodSeconds switch
        {
            1 => "s",
            60 => "min",
            3600 => "hour",
            86_400 => "day",
            _ => PeriodSeconds.ToString(CultureInfo.InvariantCulture) + "s",
        };
        var text = Count.ToString(CultureInfo.InvariantCulture) + "/" + period;
        return Burst == Count ? text : text + " burst " + Burst.ToString(CultureInfo.InvariantCulture);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private static string FormatMicros(long unit) => unit switch
    {
        < 1000 => unit.ToString(CultureInfo.InvariantCulture) + "µs",
        < 1_000_000 => (unit / 1000).ToString(CultureInfo.InvariantCulture) + "ms",
        _ => "1s",
    };
}
