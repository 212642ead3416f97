namespace Edge.Throttling;

/// <summary>
/// Throttle time: whole microseconds since this clock was created, read from a monotonic
/// <see cref="TimeProvider"/> timestamp. One clock serves the whole process (the snapshot compiler hands
/// the same instance to every snapshot), so bucket states carried across a reload keep their meaning.
/// </summary>
/// <remarks>
/// Microseconds, not raw timestamp ticks: the tick frequency is the platform's (10^9 on Linux, 10^7 on
/// Windows, deliberately odd in tests), and bucket arithmetic needs a fixed unit to size its integers
/// (see <see cref="ThrottleLimit"/>). Time is clamped to [0, <see cref="MaxMicros"/>]: a timestamp before
/// the epoch (a test clock stepping back) reads as 0, and the horizon is about 35.7 years of uptime.
/// </remarks>
internal sealed class ThrottleClock
{
    /// <summary>2^50 µs ≈ 35.7 years: every <see cref="ThrottleLimit"/> is sized to stay exact up to here.</summary>
    public const long MaxMicros = 1L << 50;

    private const long MicrosPerSecond = 1_000_000;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly long _frequency;
    // Fast paths for the common frequencies: 10^9 (Linux) and 10^7 (Windows) divide by a whole number,
    // 10^6 is the identity. Anything else takes the exact two-step form in ToMicros.
    private readonly long _ticksPerMicro;

    public ThrottleClock(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _epoch = _time.GetTimestamp();
        _ticksPerMicro = _frequency % MicrosPerSecond == 0 ? _frequency / MicrosPerSecond : 0;
    }

    /// <summary>Microseconds since the clock was created; read once per request and pass it down.</summary>
    public long NowMicros() => ToMicros(_time.GetTimestamp() - _epoch);

    /// <summary>Converts a tick difference from this clock's epoch to microseconds, without overflow or drift.</summary>
    public long ToMicros(long elapsedTicks)
    {
        if (elapsedTicks <= 0) return 0;
        // Past the horizon (or a provider jumping decades ahead): saturate before any product can overflow.
        if (elapsedTicks / _frequency >= MaxMicros / MicrosPerSecond) return MaxMicros;
        long micros;
        if (_ticksPerMicro != 0)
        {
            micros = elapsedTicks / _ticksPerMicro;
        }
        else
        {
            // Split so neither product overflows: (ticks % f) * 10^6 < f * 10^6, fine for any f < 9.2e12.
            // Each term is a floor of absolute elapsed time, so rounding never accumulates.
            micros = elapsedTicks / _frequency * MicrosPerSecond + elapsedTicks % _frequency * MicrosPerSecond / _frequency;
        }
        return Math.Min(micros, MaxMicros);
    }
}
