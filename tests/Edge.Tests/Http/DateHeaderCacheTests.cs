using System.Runtime.CompilerServices;
using System.Text;
using Edge.Http;
using Edge.Tests.TestKit;

namespace Edge.Tests.Http;

public sealed class DateHeaderCacheTests
{
    private static readonly DateTimeOffset Rfc9110Example = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    [Fact]
    public void Value_IsImfFixdate()
    {
        var cache = new DateHeaderCache(new ManualTimeProvider(Rfc9110Example));
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", Ascii(cache.Value));
        Assert.Equal(DateHeaderCache.ValueLength, cache.Value.Length);
        Assert.Equal("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", Ascii(cache.HeaderLine));
    }

    [Fact]
    public void Value_NonUtcOffset_WrittenInGmt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(1994, 11, 6, 10, 49, 37, TimeSpan.FromHours(2)));
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", Ascii(new DateHeaderCache(clock).Value));
    }

    [Fact]
    public void Value_SameSecond_ReusesBytes()
    {
        var clock = new ManualTimeProvider(Rfc9110Example);
        var cache = new DateHeaderCache(clock);
        ref readonly var first = ref cache.HeaderLine[0];
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(Unsafe.AreSame(in first, in cache.HeaderLine[0]));
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", Ascii(cache.Value));
    }

    [Fact]
    public void Value_NextSecond_Regenerated()
    {
        var clock = new ManualTimeProvider(Rfc9110Example.AddMilliseconds(500));
        var cache = new DateHeaderCache(clock);
        ref readonly var first = ref cache.HeaderLine[0];
        clock.Advance(TimeSpan.FromMilliseconds(500)); // crosses into :38 although only half a second passed
        Assert.Equal("Sun, 06 Nov 1994 08:49:38 GMT", Ascii(cache.Value));
        Assert.False(Unsafe.AreSame(in first, in cache.HeaderLine[0]));
    }

    [Fact]
    public void Value_OldSpanStaysValidAfterRefresh()
    {
        var clock = new ManualTimeProvider(Rfc9110Example);
        var cache = new DateHeaderCache(clock);
        var old = cache.Value;
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("Mon, 07 Nov 1994 08:49:37 GMT", Ascii(cache.Value));
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", Ascii(old)); // immutable: a reader mid-copy is safe
    }

    [Fact]
    public void Value_ClockSteppedBack_Regenerated()
    {
        var clock = new ManualTimeProvider(Rfc9110Example);
        var cache = new DateHeaderCache(clock);
        _ = cache.Value;
        clock.SetUtcNow(Rfc9110Example.AddMinutes(-1));
        Assert.Equal("Sun, 06 Nov 1994 08:48:37 GMT", Ascii(cache.Value));
    }

    [Theory]
    [InlineData(2000, 1, 1, 0, 0, 0, "Sat, 01 Jan 2000 00:00:00 GMT")]
    [InlineData(2024, 2, 29, 23, 59, 59, "Thu, 29 Feb 2024 23:59:59 GMT")]
    [InlineData(2038, 1, 19, 3, 14, 8, "Tue, 19 Jan 2038 03:14:08 GMT")]
    public void Value_Dates(int y, int mo, int d, int h, int mi, int s, string expected)
    {
        var cache = new DateHeaderCache(new ManualTimeProvider(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero)));
        Assert.Equal(expected, Ascii(cache.Value));
    }

    [Fact]
    public void Value_SameSecond_DoesNotAllocate()
    {
        var clock = new ManualTimeProvider(Rfc9110Example);
        var cache = new DateHeaderCache(clock);
        _ = cache.Value;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 100; i++)
            sum += cache.Value[0] + cache.HeaderLine.Length;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Shared_UsesSystemClock()
    {
        var value = Ascii(DateHeaderCache.Shared.Value);
        Assert.EndsWith(" GMT", value, StringComparison.Ordinal);
        Assert.Equal(DateHeaderCache.ValueLength, value.Length);
    }
}
