using Edge.Http;

namespace Edge.Observability.Correlation;

/// <summary>
/// Sets up an exchange's request id and trace context when the gateway core takes it (DESIGN.md §2
/// Observability), whatever protocol carried it:
/// <list type="bullet">
/// <item><c>X-Request-Id</c>: the client's when it sent exactly one valid id (<see cref="RequestIds"/>),
/// else a generated one. Sent upstream and echoed in the response (the upstream's own X-Request-Id in
/// the response is replaced by it), written to the access log.</item>
/// <item><c>traceparent</c>: when the client sent exactly one valid field the trace continues (same
/// trace-id and sampled flag); otherwise Edge starts a trace (new trace-id, sampled). Either way Edge is a
/// hop that participates (W3C Trace Context §4.3): it sends its own new span id as the parent-id, and logs
/// trace-id and that span id.</item>
/// <item><c>tracestate</c>: passed on, combined when the client split it over several fields, only with a
/// continued trace and within <see cref="TraceState"/>'s bounds.</item>
/// </list>
/// The client's fields are never forwarded as they came (they are <c>KnownHeaders.IsHopByHopOrRewritten</c>);
/// the upstream writers send Edge's through <see cref="Exchange.UpstreamFields"/>. No allocation: ids are
/// written into the exchange's <see cref="RequestCorrelation"/> buffers.
/// </summary>
internal static class CorrelationIds
{
    private static readonly byte[] XRequestId = "X-Request-Id"u8.ToArray();
    private static readonly byte[] TraceParentName = "traceparent"u8.ToArray();
    private static readonly byte[] TraceStateName = "tracestate"u8.ToArray();

    /// <summary>Fills the exchange's correlation and adds the fields for the upstream request and the response.</summary>
    public static void Begin(Exchange exchange)
    {
        Assign(exchange);
        var c = exchange.Correlation;
        exchange.UpstreamFields.Add(XRequestId, c.RequestId);
        exchange.UpstreamFields.Add(TraceParentName, c.TraceParent);
        if (c.ContinuedTrace) AddTraceState(exchange);
        exchange.ResponseFields.Add(XRequestId, c.RequestId);
    }

    /// <summary>Fills the request id and trace context only (a request the protocol layer refused: for its log line).</summary>
    public static void Assign(Exchange exchange)
    {
        var c = exchange.Correlation;
        var request = exchange.Request;
        // One draw for everything this request may need: request id (16 bytes), trace-id (16), span id (8).
        Span<byte> random = stackalloc byte[40];
        Random.Shared.NextBytes(random);
        if (Single(request, KnownHeader.XRequestId, out var id) && RequestIds.IsValid(id))
        {
            id.CopyTo(c.RequestIdBuffer);
            c.RequestIdLength = id.Length;
        }
        else
        {
            c.RequestIdLength = RequestIds.Generate(random[..16], c.RequestIdBuffer);
        }

        Span<byte> span = stackalloc byte[16];
        TraceParent.NewId(random[32..40], span);
        var destination = c.TraceParentBuffer;
        if (Single(request, KnownHeader.TraceParent, out var incoming) && TraceParent.TryParse(incoming, out var traceId, out _, out var flags))
        {
            TraceParent.Write(traceId, span, (byte)(flags & TraceParent.Sampled), destination);
            c.ContinuedTrace = true;
        }
        else
        {
            Span<byte> newTrace = stackalloc byte[32];
            TraceParent.NewId(random[16..32], newTrace);
            TraceParent.Write(newTrace, span, TraceParent.Sampled, destination);
            c.ContinuedTrace = false;
        }
        c.HasTraceParent = true;
    }

    /// <summary>The client's tracestate fields, joined with ',' in order (RFC 9110 §5.3), when within bounds.</summary>
    private static void AddTraceState(Exchange exchange)
    {
        var request = exchange.Request;
        var edits = exchange.UpstreamFields;
        Span<byte> room = default;
        var length = 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (request.HeaderKind(i) != KnownHeader.TraceState) continue;
            var value = request.HeaderValue(i);
            if (length + value.Length + 1 > TraceState.MaxBytes) return;
            if (room.IsEmpty) room = edits.ReserveValue(TraceState.MaxBytes);
            if (length > 0) room[length++] = (byte)',';
            value.CopyTo(room[length..]);
            length += value.Length;
        }
        if (length > 0 && TraceState.IsPropagatable(room[..length])) edits.CommitAdd(TraceStateName, length);
    }

    /// <summary>The value of the only field of this kind; false when there is none or more than one (ambiguous: ignored).</summary>
    private static bool Single(HttpRequestHead request, KnownHeader kind, out ReadOnlySpan<byte> value)
    {
        value = default;
        var found = false;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (request.HeaderKind(i) != kind) continue;
            if (found) return false;
            value = request.HeaderValue(i);
            found = true;
        }
        return found;
    }
}
