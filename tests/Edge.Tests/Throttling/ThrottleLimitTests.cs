using Edge.Config.Model;
using Edge.Throttling;

namespace Edge.Tests.Throttling;

/// <summary>Limit definitions: bounds, the derived integers, the config's rate strings, equality for reloads.</summary>
public class ThrottleLimitTests
{
    public static TheoryData<string, long, long, long> ConfigRates => new()
    {
        // text, count, period seconds, expected unit µs
        { "5000/min", 5000, 60, 1 },
        { "10/s", 10, 1, 1 },
        { "100/sec", 100, 1, 1 },
        { "1000/hour", 1000, 3600, 1 },
        { "1/day", 1, 86_400, 1 },
        { "7/minute", 7, 60, 1 },
        { "1000000000/s", 1_000_000_000, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(ConfigRates))]
    public void Config_rate_strings_map_to_limits(string text, long count, long periodSeconds, long unit)
    {
        // The config parses and validates the text (Edge.Config.Model.Rate); the limit takes the numbers.
        Assert.True(Rate.TryParse(text, out var rate));
        Assert.Equal(0, rate.Period.Milliseconds % 1000);
        Assert.True(ThrottleLimit.TryCreate(rate.Count, rate.Period.Milliseconds / 1000, rate.Count, out var limit, out var error), error);
        Assert.Equal(count, limit!.Count);
        Assert.Equal(periodSeconds, limit.PeriodSeconds);
        Assert.Equal(unit, limit.UnitMicros);
        // Cost/Accrual is exactly the time per token in units: period/count, reduced.
        Assert.Equal((Int128)limit.Cost * count, (Int128)limit.Accrual * (periodSeconds * 1_000_000 / limit.UnitMicros));
    }

    [Fact]
    public void Counts_the_config_accepts_but_no_bucket_should_hold_are_refused_here()
    {
        // Edge.Config bounds the count only by 15 digits; the limit bounds it at 10^9 per period, so the
        // snapshot compiler must turn this error into a positioned diagnostic.
        Assert.True(Rate.TryParse("2000000000/s", out var rate));
        Assert.False(ThrottleLimit.TryCreate(rate.Count, 1, 1, out _, out var error));
        Assert.Contains("out of range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unlimited_is_not_a_rate()
    {
        Assert.False(Rate.TryParse("Unlimited", out _)); // the config binds it as a tier with no rate
        var tier = new ThrottleTier("Unlimited", null);
        Assert.True(tier.IsUnlimited);
    }

    public static TheoryData<long, long, long, string> Refused => new()
    {
        { 0, 60, 1, "count 0 is out of range" },
        { -5, 60, 1, "count -5 is out of range" },
        { ThrottleLimit.MaxCount + 1, 1, 1, "out of range" },
        { 10, 0, 10, "period of 0s is out of range" },
        { 10, ThrottleLimit.MaxPeriodSeconds + 1, 10, "period" },
        { 10, 1, 0, "burst 0 is out of range" },
        { 10, 1, ThrottleLimit.MaxBurst + 1, "burst" },
        // 999,999,937 (prime) per day needs 1 s resolution to stay exact for 35 years; a burst of 1 would
        // refill ~11,574 times within one such step, so the cap would silently cut the rate.
        { 999_999_937, 86_400, 1, "raise the burst" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Out_of_range_or_unrepresentable_definitions_are_refused(long count, long period, long burst, string message)
    {
        Assert.False(ThrottleLimit.TryCreate(count, period, burst, out var limit, out var error));
        Assert.Null(limit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ThrottleLimit.Create(count, period, burst));
    }

    [Fact]
    public void Awkward_large_rates_get_a_coarser_unit_but_stay_exact()
    {
        var limit = ThrottleLimit.Create(999_999_937, 86_400, 999_999_937);
        Assert.Equal(1_000_000, limit.UnitMicros);
        Assert.Equal(86_400, limit.Cost);
        Assert.Equal(999_999_937, limit.Accrual);
        // Every state value stays below 2^62 up to the clock's horizon.
        Assert.True((Int128)limit.VirtualTime(ThrottleClock.MaxMicros) + limit.Capacity + limit.Cost < (Int128)1 << 62);
    }

    [Fact]
    public void Every_bound_combination_fits_the_state_word()
    {
        long[] counts = [1, 7, 997, 1_000_000, 4_194_319, 999_999_937, ThrottleLimit.MaxCount];
        long[] periods = [1, 60, 3600, 86_400, 7 * 86_400 + 1, ThrottleLimit.MaxPeriodSeconds];
        foreach (var count in counts)
        {
            foreach (var period in periods)
            {
                if (!ThrottleLimit.TryCreate(count, period, ThrottleLimit.MaxBurst, out var limit, out var error)) Assert.Fail($"{count}/{period}s: {error}");
                Assert.True((Int128)limit!.VirtualTime(ThrottleClock.MaxMicros) + limit.Capacity + limit.Cost < (Int128)1 << 62, $"{count}/{period}s");
            }
        }
    }

    [Fact]
    public void Equality_is_count_period_and_burst()
    {
        Assert.Equal(ThrottleLimit.Create(5000, 60, 5000), ThrottleLimit.Create(5000, 60, 5000));
        Assert.Equal(ThrottleLimit.Create(5000, 60, 5000).GetHashCode(), ThrottleLimit.Create(5000, 60, 5000).GetHashCode());
        Assert.NotEqual(ThrottleLimit.Create(5000, 60, 5000), ThrottleLimit.Create(5000, 60, 6000));
        Assert.NotEqual(ThrottleLimit.Create(5000, 60, 5000), ThrottleLimit.Create(5000, 3600, 5000));
        Assert.Equal("5000/min", ThrottleLimit.Create(5000, 60, 5000).ToString());
        Assert.Equal("10/s burst 20", ThrottleLimit.Create(10, 1, 20).ToString());
    }
}
