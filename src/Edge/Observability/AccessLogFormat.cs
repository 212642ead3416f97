namespace Edge.Observability;

/// <summary>The line format of the access log.</summary>
internal enum AccessLogFormat : byte
{
    /// <summary>One JSON object per line (the default: machine-readable, no ambiguity).</summary>
    Json,
    /// <summary>A combined-log-like text line with Edge's fields appended.</summary>
    Text,
}
