namespace Edge.Observability;

/// <summary>How an exchange ended, beyond its status code. Logged as a comma-separated list of names.</summary>
[Flags]
internal enum AccessLogFlags : ushort
{
    None = 0,
    /// <summary>The response body was cut short (upstream or client went away mid-body).</summary>
    Truncated = 1 << 0,
    /// <summary>The client closed or reset the connection before the response completed.</summary>
    ClientAborted = 1 << 1,
    /// <summary>The upstream failed (connect error, reset, timeout, bad response).</summary>
    UpstreamError = 1 << 2,
    /// <summary>The request was retried on another endpoint at least once.</summary>
    Retried = 1 << 3,
    /// <summary>Answered by the gateway itself (mock response, fault, redirect), no upstream involved.</summary>
    DirectResponse = 1 << 4,
    /// <summary>The logged path was cut at <see cref="AccessLog.MaxPathBytes"/>.</summary>
    PathTruncated = 1 << 5,
}
