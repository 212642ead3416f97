namespace Edge.Config.Model;

/// <summary>Where access log lines go: <c>access_log = "off" | "stdout" | path</c>.</summary>
public enum AccessLogDestination : byte
{
    Off,
    Stdout,
    File,
}
