using Edge.Tests.TestKit;
using Edge.Throttling;

namespace Edge.Tests.Throttling;

/// <summary>Reload survival, tiers by claim, and the clock's conversion.</summary>
public class ThrottleStateTests
{
    private static ThrottleStateKey Keyed(string scope, long count, int maxKeys = 100) =>
        new(scope, ThrottleLimit.Create(count, 60, count), new ThrottleKeyRecipe([new KeyPart(KeyPartKind.Ip)]), new BucketTableOptions(maxKeys));

    private static ThrottleStateKey Single(string scope, long count) =>
        new(scope, ThrottleLimit.Create(count, 60, count), ThrottleKeyRecipe.ApiWide, null);

    [Fact]
    public void A_reload_keeps_state_whose_definition_did_not_change()
    {
        var first = new ThrottleStateRegistry();
        var table = first.Table(Keyed("api:coffee", 100));
        var bucket = first.Bucket(Single("api:tea", 10));
        Assert.True(table.TryTake("k"u8, 0, out _));
        first.Seal();
        Assert.Same(bucket, new ThrottleStateRegistry(first).Bucket(Single("api:tea", 10)));

        var second = new ThrottleStateRegistry(first);
        Assert.Same(table, second.Table(Keyed("api:coffee", 100)));
        Assert.True(second.Table(Keyed("api:coffee", 100)).TryGet("k"u8, out _)); // with its keys and buckets
        Assert.NotSame(table, second.Table(Keyed("api:coffee", 200))); // the limit changed
        Assert.NotSame(table, second.Table(Keyed("api:coffee", 100, maxKeys: 50))); // the bound changed
        Assert.NotSame(table, second.Table(Keyed("api:latte", 100))); // another scope
        Assert.Same(second.Table(Keyed("api:latte", 100)), second.Table(Keyed("api:latte", 100)));
        Assert.Equal(1, second.Carried);
        second.Seal();

        var third = new ThrottleStateRegistry(second);
        Assert.NotSame(bucket, third.Bucket(Single("api:tea", 10))); // the second config dropped it: gone
        Assert.Same(table, third.Table(Keyed("api:coffee", 100)));
        Assert.Throws<ArgumentException>(() => third.Table(Single("x", 1)));
        Assert.Throws<ArgumentException>(() => third.Bucket(Keyed("x", 1)));
    }

    [Fact]
    public void Tiers_are_found_by_the_claim_bytes()
    {
        var catalog = new TierCatalog([new ThrottleTier("Gold", ThrottleLimit.Create(5000, 60, 5000)), new ThrottleTier("Unlimited", null)]);
        Assert.True(catalog.TryGet("Gold"u8, out var gold));
        Assert.Equal(5000, gold.Limit!.Count);
        Assert.True(catalog.TryGet("Unlimited"u8, out var unlimited));
        Assert.True(unlimited.IsUnlimited);
        Assert.False(catalog.TryGet("gold"u8, out _));
        Assert.False(catalog.TryGet(""u8, out _));
        Assert.Throws<ArgumentException>(() => new TierCatalog([new ThrottleTier("A", null), new ThrottleTier("A", null)]));
    }

    [Fact]
    public void The_clock_counts_microseconds_from_its_creation_at_any_frequency()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        time.Advance(TimeSpan.FromDays(3));
        var clock = new ThrottleClock(time); // the epoch is now, whatever the provider's origin
        Assert.Equal(0, clock.NowMicros());
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.InRange(clock.NowMicros(), 1_499_999, 1_500_000); // 1,234,567 Hz ticks: within one tick
        time.Advance(TimeSpan.FromDays(400));
        Assert.InRange(clock.NowMicros(), 400 * 86_400_000_000L, 400 * 86_400_000_000L + 1_500_001);
        Assert.Equal(0, clock.ToMicros(-5)); // before the epoch reads as 0
        Assert.Equal(ThrottleClock.MaxMicros, clock.ToMicros(long.MaxValue));
    }

    [Theory]
    [InlineData(1_000_000_000L)]
    [InlineData(10_000_000L)]
    [InlineData(1_000_000L)]
    [InlineData(1_234_567L)]
    [InlineData(3L)]
    public void The_conversion_is_exact_for_common_and_odd_frequencies(long frequency)
    {
        var clock = new ThrottleClock(new FixedFrequency(frequency));
        Assert.Equal(0, clock.ToMicros(0));
        Assert.Equal(1_000_000, clock.ToMicros(frequency));
        Assert.Equal(86_400_000_000, clock.ToMicros(frequency * 86_400));
        Assert.Equal(frequency * 3 / 2 * 1_000_000 / frequency, clock.ToMicros(frequency * 3 / 2));
    }

    private sealed class FixedFrequency(long frequency) : TimeProvider
    {
        public override long TimestampFrequency => frequency;

        public override long GetTimestamp() => 0;
    }
}
