using Edge.Config.Model;

namespace Edge.Config.Tests.Model;

public sealed class DurationTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("0s", 0)]
    public void TryParse_Valid_ReturnsMilliseconds(string text, long expected)
    {
        Assert.True(Duration.TryParse(text, out var d));
        Assert.Equal(expected, d.Milliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]            // no unit
    [InlineData("5 s")]          // space
    [InlineData("5 seconds")]
    [InlineData("5sec")]
    [InlineData("-5s")]
    [InlineData("1.5s")]         // fractions: write 1500ms
    [InlineData("30s1m")]        // units must decrease
    [InlineData("1s1s")]
    [InlineData("s")]
    [InlineData("5S")]
    [InlineData("9999999999999s")] // too many digits
    [InlineData("999999999999d")]  // overflows a long of milliseconds
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(250, "250ms")]
    [InlineData(0, "0s")]
    [InlineData(86_400_000, "1d")]
    public void ToString_Value_RoundTrips(long ms, string text)
    {
        Assert.Equal(text, new Duration(ms).ToString());
        Assert.True(Duration.TryParse(text, out var back));
        Assert.Equal(ms, back.Milliseconds);
    }
}
