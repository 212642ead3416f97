using Edge.Http2.FlowControl;
using Edge.Http2.Frames;

namespace Edge.Tests.Http2.FlowControl;

/// <summary>Receive windows and the WINDOW_UPDATE policy (RFC 9113 §6.9; SECURITY.md case 34).</summary>
public sealed class Http2ReceiveWindowTests
{
    [Fact]
    public void Data_UpToTheWindow_IsAccepted_OneMoreByteIsAnError()
    {
        var window = new Http2ReceiveWindow(65_535);
        Assert.True(window.OnData(65_535, 1).IsNone);
        Assert.Equal(0, window.Available);
        Assert.Equal(Http2Error.Stream(1, Http2ErrorCode.FlowControlError, Http2ErrorReason.FlowControlWindowExceeded), window.OnData(1, 1));

        var connection = new Http2ReceiveWindow(10);
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.FlowControlError, Http2ErrorReason.FlowControlWindowExceeded), connection.OnData(11, 0));
    }

    [Fact]
    public void WindowUpdate_SentOnceHalfTheWindowIsConsumed()
    {
        var window = new Http2ReceiveWindow(65_535);
        Assert.True(window.OnData(40_000, 1).IsNone);

        Assert.False(window.OnConsumed(32_766, out _));
        Assert.Equal(32_766, window.Unannounced);
        Assert.True(window.OnConsumed(1, out int increment)); // 32,767 = 65,535 / 2
        Assert.Equal(32_767, increment);
        Assert.Equal(0, window.Unannounced);
        Assert.Equal(65_535 - 40_000 + 32_767, window.Available);

        // The rest comes back with the next half.
        Assert.False(window.OnConsumed(7_233, out _));
        Assert.True(window.OnData(50_000, 1).IsNone);
        Assert.True(window.OnConsumed(50_000, out increment));
        Assert.Equal(57_233, increment);
        Assert.Equal(65_535, window.Available);
    }

    [Fact]
    public void Window_BoundsWhatThePeerCanMakeUsBuffer()
    {
        // Nothing is returned until the application consumes: a peer can never have more than Size unread.
        var window = new Http2ReceiveWindow(65_535);
        long buffered = 0;
        while (window.OnData(1000, 1).IsNone)
        {
            buffered += 1000;
        }

        Assert.True(buffered <= 65_535);
    }

    [Fact]
    public void Resize_RaisesTheConnectionWindowWithOneUpdate()
    {
        // The connection window starts at 65,535 (§6.9.2) and Edge raises it to 1 MiB right after SETTINGS.
        var connection = new Http2ReceiveWindow(65_535);
        Assert.Equal(1_048_576 - 65_535, connection.Resize(1_048_576));
        Assert.Equal(1_048_576, connection.Available);
        Assert.True(connection.OnData(1_048_576, 0).IsNone);
        Assert.False(connection.OnConsumed(524_287, out _));
        Assert.True(connection.OnConsumed(1, out int increment));
        Assert.Equal(524_288, increment);

        // Shrinking only lowers what later updates return.
        Assert.Equal(0, connection.Resize(65_535));
        Assert.Equal(65_535, connection.Size);
    }
}
