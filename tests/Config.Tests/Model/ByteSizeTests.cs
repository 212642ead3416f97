using Edge.Config.Model;

namespace Edge.Config.Tests.Model;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("512", 512)]
    [InlineData("0", 0)]
    [InlineData("64KiB", 65_536)]
    [InlineData("10MiB", 10_485_760)]
    [InlineData("1GiB", 1_073_741_824)]
    [InlineData("2KB", 2_000)]
    [InlineData("3MB", 3_000_000)]
    [InlineData("1GB", 1_000_000_000)]
    [InlineData("100B", 100)]
    public void TryParse_Valid_ReturnsBytes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var s));
        Assert.Equal(expected, s.Bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("KiB")]
    [InlineData("64 KiB")]
    [InlineData("64kib")]
    [InlineData("1.5MiB")]
    [InlineData("-1")]
    [InlineData("10TB")]
    [InlineData("10M")]
    [InlineData("999999999999999GiB")] // overflows a long
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData(32_768, "32KiB")]
    [InlineData(10_485_760, "10MiB")]
    [InlineData(1000, "1000")]
    public void ToString_Value_UsesLargestExactBinaryUnit(long bytes, string text)
    {
        Assert.Equal(text, new ByteSize(bytes).ToString());
    }
}
