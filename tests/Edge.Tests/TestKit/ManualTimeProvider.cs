namespace Edge.Tests.TestKit;

/// <summary>
/// A clock that moves only when told to. The timestamp frequency is deliberately odd (not 10^7 or 10^9),
/// as in YARP's TestTimeProvider, so code that assumes Stopwatch ticks equal TimeSpan ticks fails here.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private const long Frequency = 1_234_567;
    private readonly object _lock = new();
    private DateTimeOffset _now;
    private long _elapsedTicks;

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public override long TimestampFrequency => Frequency;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override long GetTimestamp()
    {
        lock (_lock)
            return (long)(_elapsedTicks * (Frequency / (double)TimeSpan.TicksPerSecond));
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_lock)
        {
            _now += by;
            _elapsedTicks += by.Ticks;
        }
    }

    /// <summary>Steps the wall clock only (an NTP correction); the monotonic timestamp does not move.</summary>
    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_lock)
            _now = now;
    }
}
