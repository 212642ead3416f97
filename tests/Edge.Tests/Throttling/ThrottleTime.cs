namespace Edge.Tests.Throttling;

/// <summary>Throttle time is whole microseconds; these keep the tests readable.</summary>
internal static class ThrottleTime
{
    public const long Ms = 1000;
    public const long Second = 1_000_000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;
    public const long Year = 365 * Day;
}
