namespace Edge.Config.Model;

/// <summary><c>access_log_format = "json" | "text"</c>.</summary>
public enum AccessLogFormat : byte
{
    Json,
    Text,
}
