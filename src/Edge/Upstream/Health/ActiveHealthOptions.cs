namespace Edge.Upstream.Health;

/// <summary>
/// Active probing: GET <see cref="Path"/> every <see cref="Interval"/>; a probe fails on a non-2xx/3xx
/// status, a connect error or no status line within <see cref="Timeout"/>. <see cref="Unhealthy"/>
/// failures in a row take the endpoint out, <see cref="Healthy"/> successes in a row bring it back.
/// </summary>
internal sealed record ActiveHealthOptions(string Path, TimeSpan Interval, TimeSpan Timeout, int Healthy, int Unhealthy);
