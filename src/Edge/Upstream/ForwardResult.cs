namespace Edge.Upstream;

/// <summary>
/// How a forward ended (YARP's ForwarderError shape: expected failures are results, not exceptions).
/// The policy layer maps each to a status and fault: connect failures 503 (101503), timeouts 504
/// (101504), bad or reset upstream responses 502.
/// </summary>
internal enum ForwardResult : byte
{
    Success,
    /// <summary>No connection could be made (refused, unreachable, connect timeout).</summary>
    ConnectFailed,
    /// <summary>The upstream closed or reset the connection before any response byte.</summary>
    UpstreamResetBeforeResponse,
    /// <summary>No response head within the response timeout.</summary>
    ResponseTimeout,
    /// <summary>The upstream's response head was malformed (never passed on, SECURITY.md case 61).</summary>
    BadUpstreamResponse,
    /// <summary>The client's request body failed (client vanished, bad chunking, stalled).</summary>
    RequestBodyFailed,
    /// <summary>The upstream failed after the response began: the client sees a truncation.</summary>
    ResponseBodyUpstreamFailed,
    /// <summary>The client went away while the response was being sent.</summary>
    ResponseBodyClientFailed,
    /// <summary>The client went away before the response began (the exchange was aborted): not the upstream's fault.</summary>
    ClientAborted,
}
