namespace Edge.Config.Model;

/// <summary><c>[server]</c>: process-wide settings.</summary>
/// <param name="Admin">Admin endpoint bind, or null when written "off".</param>
/// <param name="AccessLogPath">The file path when <paramref name="AccessLog"/> is File.</param>
public sealed record ServerConfig(
    EndpointAddress? Admin,
    AccessLogDestination AccessLog,
    string? AccessLogPath,
    AccessLogFormat AccessLogFormat,
    Duration DrainTimeout,
    LimitsConfig Limits)
{
    public static ServerConfig Default { get; } = new(
        new EndpointAddress("127.0.0.1", 9901), AccessLogDestination.Stdout, null, AccessLogFormat.Json,
        Duration.FromSeconds(30), LimitsConfig.Default);
}
