namespace Edge.Observability;

/// <summary>
/// A queued entry whose borrowed bytes now live in <see cref="Buffer"/> (rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the writer returns it after formatting).
/// </summary>
internal readonly record struct PendingAccessLogEntry(AccessLogEntry Entry, byte[]? Buffer);
