namespace Edge.Http;

/// <summary>
/// An exchange's request id and W3C trace context (the <c>traceparent</c> Edge sends upstream), filled
/// by the gateway core when the exchange starts (Observability's <c>CorrelationIds</c>) and read by the
/// upstream writers (through <see cref="Exchange.UpstreamFields"/>) and the access log. The buffers
/// belong to the exchange, which is reused per connection (HTTP/1.1) or pooled per stream (HTTP/2), so
/// filling them allocates nothing.
/// </summary>
internal sealed class RequestCorrelation
{
    /// <summary>Longest request id kept from a client (longer ones are replaced by a generated id).</summary>
    public const int MaxRequestIdBytes = 128;

    /// <summary><c>00-</c> + 32 hex trace-id + <c>-</c> + 16 hex parent-id + <c>-</c> + 2 hex flags (W3C Trace Context §3.2).</summary>
    public const int TraceParentLength = 55;

    private readonly byte[] _requestId = new byte[MaxRequestIdBytes];
    private readonly byte[] _traceParent = new byte[TraceParentLength];

    /// <summary>Bytes of <see cref="RequestIdBuffer"/> in use (0: none yet).</summary>
    public int RequestIdLength { get; set; }

    /// <summary>Whether <see cref="TraceParentBuffer"/> holds this exchange's outgoing traceparent.</summary>
    public bool HasTraceParent { get; set; }

    /// <summary>The client's traceparent was valid and continued (false: Edge started the trace).</summary>
    public bool ContinuedTrace { get; set; }

    public Span<byte> RequestIdBuffer => _requestId;

    public Span<byte> TraceParentBuffer => _traceParent;

    public ReadOnlyMemory<byte> RequestId => _requestId.AsMemory(0, RequestIdLength);

    /// <summary>The traceparent sent upstream (Edge's span as the parent-id), or empty.</summary>
    public ReadOnlyMemory<byte> TraceParent => HasTraceParent ? _traceParent : ReadOnlyMemory<byte>.Empty;

    public void Reset()
    {
        RequestIdLength = 0;
        HasTraceParent = false;
        ContinuedTrace = false;
    }
}
