using Edge.Config.Model;

namespace Edge.Config.Tests.Model;

public sealed class RateTests
{
    [Theory]
    [InlineData("5000/min", 5000, 60_000)]
    [InlineData("10/s", 10, 1_000)]
    [InlineData("100/sec", 100, 1_000)]
    [InlineData("1000/hour", 1000, 3_600_000)]
    [InlineData("50000/day", 50_000, 86_400_000)]
    [InlineData("7/minute", 7, 60_000)]
    public void TryParse_Valid_ReturnsCountAndPeriod(string text, long count, long periodMs)
    {
        Assert.True(Rate.TryParse(text, out var r));
        Assert.Equal(new Rate(count, new Duration(periodMs)), r);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5000")]
    [InlineData("/min")]
    [InlineData("0/min")]
    [InlineData("-5/min")]
    [InlineData("5000/week")]
    [InlineData("5k/min")]
    [InlineData("Unlimited")] // the tier binder handles this word, not Rate
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(Rate.TryParse(text, out _));
    }

    [Fact]
    public void PerSecond_PerMinuteRate_Divides()
    {
        Assert.True(Rate.TryParse("120/min", out var r));
        Assert.Equal(2.0, r.PerSecond);
    }
}
