using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.Tests.TestKit;

namespace Edge.Tests.Http2.Flood;

/// <summary>Flood detectors at and just above their thresholds, on a fake clock (SECURITY.md cases 29-36).</summary>
public sealed class Http2FloodDetectorTests
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    private long Now => _time.GetTimestamp();

    [Fact]
    public void RapidReset_BurstOf100_ThenRefillAt33PerSecond()
    {
        var detector = Create();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(detector.OnStreamReset(Now).IsNone, $"reset {i + 1}");
        }

        Assert.Equal(Expected(Http2ErrorReason.RapidReset), detector.OnStreamReset(Now));
        Assert.Equal(FloodKind.RapidReset, detector.Tripped);
    }

    [Fact]
    public void RapidReset_AfterOneSecond_33MoreAreAllowed()
    {
        var detector = Create();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(detector.OnStreamReset(Now).IsNone);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        for (int i = 0; i < 33; i++)
        {
            Assert.True(detector.OnStreamReset(Now).IsNone, $"refilled reset {i + 1}");
        }

        Assert.True(detector.OnStreamReset(Now).IsError);
    }

    [Fact]
    public void RapidReset_SteadyRateAtTheRefill_NeverTrips()
    {
        // A client that cancels 33 streams every second, for a minute, is within budget.
        var detector = Create();
        for (int second = 0; second < 60; second++)
        {
            for (int i = 0; i < 33; i++)
            {
                Assert.True(detector.OnStreamReset(Now).IsNone);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Ping_BurstOf100_ThenTenPerSecond()
    {
        var detector = Create();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(detector.OnPing(Now).IsNone);
        }

        Assert.Equal(Expected(Http2ErrorReason.PingFlood), detector.OnPing(Now));

        var refilled = Create();
        for (int i = 0; i < 100; i++)
        {
            refilled.OnPing(Now);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        for (int i = 0; i < 10; i++)
        {
            Assert.True(refilled.OnPing(Now).IsNone);
        }

        Assert.True(refilled.OnPing(Now).IsError);
    }

    [Fact]
    public void Settings_BurstOf10_ThenOnePerSecond()
    {
        var detector = Create();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(detector.OnSettings(Now).IsNone);
        }

        Assert.Equal(Expected(Http2ErrorReason.SettingsFlood), detector.OnSettings(Now));
    }

    [Fact]
    public void Settings_RefillsOnePerSecond()
    {
        var detector = Create();
        for (int i = 0; i < 10; i++)
        {
            detector.OnSettings(Now);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(detector.OnSettings(Now).IsNone);
        Assert.True(detector.OnSettings(Now).IsNone);
        Assert.True(detector.OnSettings(Now).IsError);
    }

    [Fact]
    public void EmptyFrames_SecondInARow_Trips()
    {
        // SECURITY.md case 33 (Envoy max_consecutive_inbound_frames_with_empty_payload = 1).
        var detector = Create();
        Assert.True(detector.OnContentFrame(0, endStream: false).IsNone);
        Assert.Equal(Expected(Http2ErrorReason.EmptyFrameFlood), detector.OnContentFrame(0, endStream: false));
        Assert.Equal(FloodKind.EmptyFrames, detector.Tripped);
    }

    [Fact]
    public void EmptyFrames_ANonEmptyFrameOrEndStream_EndsTheRun()
    {
        var detector = Create();
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(detector.OnContentFrame(0, endStream: false).IsNone);
            Assert.True(detector.OnContentFrame(i % 2 == 0 ? 1 : 0, endStream: i % 2 == 1).IsNone);
        }
    }

    [Fact]
    public void EmptyFrames_ConfiguredLimit()
    {
        var detector = Create(new Http2FloodLimits { MaxConsecutiveEmptyFrames = 3 });
        for (int i = 0; i < 3; i++)
        {
            Assert.True(detector.OnContentFrame(0, false).IsNone);
        }

        Assert.True(detector.OnContentFrame(0, false).IsError);
    }

    [Fact]
    public void Priority_100PerStreamPlusOne()
    {
        // Envoy: trips above 100 × (1 + streams opened).
        var detector = Create();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(detector.OnPriority().IsNone);
        }

        Assert.Equal(Expected(Http2ErrorReason.PriorityFlood), detector.OnPriority());

        var withStream = Create();
        withStream.OnStreamOpened();
        for (int i = 0; i < 200; i++)
        {
            Assert.True(withStream.OnPriority().IsNone);
        }

        Assert.True(withStream.OnPriority().IsError);
    }

    [Fact]
    public void WindowUpdate_EnvoysFormula()
    {
        // Allowed: 5 + 2 × (streams + 10 × DATA frames sent).
        var idle = Create();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(idle.OnWindowUpdate().IsNone);
        }

        Assert.Equal(Expected(Http2ErrorReason.WindowUpdateFlood), idle.OnWindowUpdate());

        var busy = Create();
        busy.OnStreamOpened();
        busy.OnStreamOpened();
        busy.OnDataFrameSent();
        for (int i = 0; i < 5 + (2 * (2 + 10)); i++)
        {
            Assert.True(busy.OnWindowUpdate().IsNone, $"update {i + 1}");
        }

        Assert.True(busy.OnWindowUpdate().IsError);
    }

    [Fact]
    public void ControlQueue_1000UnsentAnswers_ThenTrips_DrainResets()
    {
        // SECURITY.md case 31: a client that sends PINGs and never reads.
        var detector = Create();
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(detector.OnControlFrameQueued().IsNone);
        }

        detector.OnOutputDrained();
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(detector.OnControlFrameQueued().IsNone);
        }

        Assert.Equal(Expected(Http2ErrorReason.ControlFrameQueueFull), detector.OnControlFrameQueued());
    }

    [Fact]
    public void OutboundQueue_10000UnsentFrames_ThenTrips()
    {
        var detector = Create();
        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(detector.OnFrameQueued().IsNone);
        }

        Assert.Equal(Expected(Http2ErrorReason.OutboundFrameQueueFull), detector.OnFrameQueued());
    }

    [Fact]
    public void Trip_IsSticky()
    {
        var detector = Create();
        Assert.True(detector.OnContentFrame(0, false).IsNone);
        Assert.True(detector.OnContentFrame(0, false).IsError);

        // Everything after reports the first flood, even a check that would pass on its own.
        Assert.Equal(Expected(Http2ErrorReason.EmptyFrameFlood), detector.OnPing(Now));
        Assert.Equal(Expected(Http2ErrorReason.EmptyFrameFlood), detector.OnContentFrame(10, true));
        Assert.Equal(FloodKind.EmptyFrames, detector.Tripped);
    }

    [Fact]
    public void ClockSteppingBack_AddsNoTokens()
    {
        var detector = Create(new Http2FloodLimits { PingBurst = 1, PingsPerSecond = 1 });
        long start = Now;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(detector.OnPing(Now).IsNone);
        Assert.True(detector.OnPing(start).IsError);
    }

    [Fact]
    public void StallTimer_TripsAtTheTimeout()
    {
        // SECURITY.md case 34: a window held at zero for 60 s resets the stream.
        long timeout = (long)(60 * _time.TimestampFrequency);
        var timer = default(Http2StallTimer);
        Assert.True(timer.Check(Now, timeout, 3).IsNone);

        timer.OnBlocked(Now);
        _time.Advance(TimeSpan.FromSeconds(30));
        timer.OnBlocked(Now); // still blocked: the clock keeps its start
        _time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.True(timer.Check(Now, timeout, 3).IsNone);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(Http2Error.Stream(3, Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.ZeroWindowStall), timer.Check(Now, timeout, 3));
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.ZeroWindowStall), timer.Check(Now, timeout, 0));

        timer.OnUnblocked();
        Assert.True(timer.Check(Now, timeout, 3).IsNone);
    }

    [Theory]
    [InlineData(nameof(FloodKind.RapidReset))]
    [InlineData(nameof(FloodKind.Ping))]
    [InlineData(nameof(FloodKind.Settings))]
    [InlineData(nameof(FloodKind.EmptyFrames))]
    [InlineData(nameof(FloodKind.Priority))]
    [InlineData(nameof(FloodKind.WindowUpdate))]
    [InlineData(nameof(FloodKind.Continuation))]
    [InlineData(nameof(FloodKind.ControlFrameQueue))]
    [InlineData(nameof(FloodKind.OutboundFrameQueue))]
    [InlineData(nameof(FloodKind.ZeroWindowStall))]
    public void FloodKinds_MapToEnhanceYourCalmAndBack(string name)
    {
        var kind = Enum.Parse<FloodKind>(name);
        var error = FloodKinds.ToError(kind);
        Assert.True(error.IsConnectionError);
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, error.Code);
        Assert.Equal(kind, FloodKinds.Of(error.Reason));
    }

    [Fact]
    public void FloodKinds_ContinuationReasons_AllCountAsContinuationFloods()
    {
        Assert.Equal(FloodKind.Continuation, FloodKinds.Of(Http2ErrorReason.HeaderBlockTooLarge));
        Assert.Equal(FloodKind.Continuation, FloodKinds.Of(Http2ErrorReason.HeaderBlockTimeout));
        Assert.Equal(FloodKind.None, FloodKinds.Of(Http2ErrorReason.PaddingTooLong));
        Assert.True(FloodKinds.ToError(FloodKind.None).IsNone);
    }

    [Fact]
    public void Detector_AllocatesNothing()
    {
        var detector = Create();
        detector.OnPing(Now);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            detector.OnStreamOpened();
            detector.OnDataFrameSent();
            detector.OnStreamReset(Now);
            detector.OnPing(Now);
            detector.OnContentFrame(10, false);
            detector.OnPriority();
            detector.OnWindowUpdate();
            detector.OnControlFrameQueued();
            detector.OnOutputDrained();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(FloodKind.None, detector.Tripped);
    }

    private static Http2Error Expected(Http2ErrorReason reason) => Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, reason);

    private Http2FloodDetector Create(Http2FloodLimits? limits = null) =>
        new(limits ?? Http2FloodLimits.Default, _time.TimestampFrequency, Now);
}
