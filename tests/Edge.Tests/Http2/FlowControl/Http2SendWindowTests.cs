using Edge.Http2.FlowControl;
using Edge.Http2.Frames;

namespace Edge.Tests.Http2.FlowControl;

/// <summary>Send windows: signed 32-bit arithmetic, overflow and negative windows (RFC 9113 §6.9.1, §6.9.2).</summary>
public sealed class Http2SendWindowTests
{
    public static TheoryData<int, int, int, string> Growth => new()
    {
        // initial, increment, stream → expected
        { 65_535, 1, 1, "ok" },
        { 0, int.MaxValue, 1, "ok" },
        { 1, int.MaxValue, 1, "Stream:FlowControlError:WindowOverflow" },
        { 1, int.MaxValue, 0, "Connection:FlowControlError:WindowOverflow" },
        { int.MaxValue, 1, 3, "Stream:FlowControlError:WindowOverflow" },
        { 65_535, int.MaxValue - 65_535, 0, "ok" },
        { 65_535, int.MaxValue - 65_534, 0, "Connection:FlowControlError:WindowOverflow" },
    };

    [Theory]
    [MemberData(nameof(Growth))]
    public void Grow(int initial, int increment, int streamId, string expected)
    {
        var window = new Http2SendWindow(initial);
        var error = window.Grow(increment, streamId);
        Assert.Equal(expected, Frames.Http2FrameParsingTests.Describe(error));
        Assert.Equal(error.IsNone ? (long)initial + increment : initial, window.Size);
    }

    [Fact]
    public void TwoMaxIncrements_OverflowOnTheSecond()
    {
        // SECURITY.md case 36: 2 × 0x7fffffff → FLOW_CONTROL_ERROR.
        var window = new Http2SendWindow(0);
        Assert.True(window.Grow(int.MaxValue, 0).IsNone);
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.FlowControlError, Http2ErrorReason.WindowOverflow), window.Grow(int.MaxValue, 0));
        Assert.Equal(int.MaxValue, window.Size);
    }

    [Fact]
    public void InitialWindowDecrease_CanDriveTheWindowNegative()
    {
        // §6.9.2 example: the peer shrinks the initial window after we sent 60,000 bytes.
        var window = new Http2SendWindow(65_535);
        window.Consume(60_000);
        Assert.True(window.ApplyInitialWindowDelta(16_384 - 65_535).IsNone);
        Assert.Equal(5_535 + 16_384 - 65_535, window.Size);
        Assert.True(window.Size < 0);
        Assert.Equal(0, window.Available);

        // WINDOW_UPDATEs must bring it above zero before anything is sendable again.
        Assert.True(window.Grow(43_616, 1).IsNone);
        Assert.Equal(0, window.Available);
        Assert.True(window.Grow(1, 1).IsNone);
        Assert.Equal(1, window.Available);
    }

    [Fact]
    public void InitialWindowIncrease_Overflow_IsAConnectionError()
    {
        var window = new Http2SendWindow(65_535);
        Assert.True(window.Grow(int.MaxValue - 65_535, 1).IsNone);
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.FlowControlError, Http2ErrorReason.InitialWindowOverflow), window.ApplyInitialWindowDelta(1));
        Assert.Equal(int.MaxValue, window.Size);
    }

    [Fact]
    public void InitialWindowToZero_AndBack()
    {
        // SECURITY.md case 34: INITIAL_WINDOW_SIZE = 0 stalls every stream until WINDOW_UPDATE.
        var window = new Http2SendWindow(65_535);
        Assert.True(window.ApplyInitialWindowDelta(-65_535).IsNone);
        Assert.Equal(0, window.Available);
        Assert.True(window.ApplyInitialWindowDelta(65_535).IsNone);
        Assert.Equal(65_535, window.Available);
    }

    [Theory]
    [InlineData(100, 200, 1000, 16_384, 100)]
    [InlineData(200, 100, 1000, 16_384, 100)]
    [InlineData(70_000, 70_000, 100_000, 16_384, 16_384)]
    [InlineData(70_000, 70_000, 10, 16_384, 10)]
    [InlineData(-5, 100, 10, 16_384, 0)]
    public void Sendable_IsTheSmallestOfBothWindowsTheDataAndOneFrame(int stream, int connection, int wanted, int maxFrame, int expected)
    {
        var s = new Http2SendWindow(Math.Max(0, stream));
        if (stream < 0)
        {
            Assert.True(s.ApplyInitialWindowDelta(stream).IsNone);
        }

        var c = new Http2SendWindow(connection);
        int n = Http2FlowControl.Sendable(s, c, wanted, maxFrame);
        Assert.Equal(expected, n);
        Http2FlowControl.Consume(ref s, ref c, n);
        Assert.Equal(connection - n, c.Size);
    }
}
