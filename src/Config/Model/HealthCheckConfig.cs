namespace Edge.Config.Model;

/// <summary>An upstream's active health check: probe <c>Path</c> every <c>Interval</c>; <c>Healthy</c>/<c>Unhealthy</c> consecutive results flip the state.</summary>
public sealed record HealthCheckConfig(string Path, Duration Interval, Duration Timeout, int Healthy, int Unhealthy);
