using System.Net;
using Edge.Http;

namespace Edge.Observability;

/// <summary>
/// One finished exchange, as handed to <see cref="AccessLog.TryWrite(in AccessLogEntry)"/>.
/// </summary>
/// <remarks>
/// Request-path cost: the entry is a plain struct filled from values the exchange already has, so building
/// one allocates nothing. Strings are only references to long-lived objects (the snapshot's API, route and
/// endpoint names; protocol literals). The per-request byte fields (<see cref="Method"/>,
/// <see cref="Path"/>, <see cref="RequestId"/>, <see cref="TraceParent"/>) are <em>borrowed</em>: they may point into pipe buffers
/// that are recycled after the response, so <see cref="AccessLog.TryWrite(in AccessLogEntry)"/> copies them
/// into one pooled array before queueing, and the writer returns it after formatting. Everything is turned
/// into text on the writer task, never on the request path.
/// </remarks>
internal readonly struct AccessLogEntry
{
    /// <summary>When the request started (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The client address (the connection's, already allocated once per connection).</summary>
    public IPAddress? RemoteAddress { get; init; }

    public int RemotePort { get; init; }

    /// <summary>The request method as sent (borrowed; copied by TryWrite).</summary>
    public ReadOnlyMemory<byte> Method { get; init; }

    /// <summary>The request target path and query as sent (borrowed; copied by TryWrite, capped at <see cref="AccessLog.MaxPathBytes"/>).</summary>
    public ReadOnlyMemory<byte> Path { get; init; }

    /// <summary>"HTTP/1.1", "HTTP/2", ...: pass a static literal.</summary>
    public string? Protocol { get; init; }

    public int Status { get; init; }

    /// <summary>Response bytes written to the client (head and body).</summary>
    public long BytesSent { get; init; }

    /// <summary>Request body bytes read from the client.</summary>
    public long BytesReceived { get; init; }

    /// <summary>From the start of the request to the last response byte, in microseconds.</summary>
    public long DurationMicroseconds { get; init; }

    public string? ApiName { get; init; }

    public string? RouteId { get; init; }

    /// <summary>The upstream endpoint that served the request, as configured (e.g. "http://10.0.0.5:9001").</summary>
    public string? Upstream { get; init; }

    /// <summary>The fault code when the gateway answered with a fault (e.g. 900906), 0 otherwise.</summary>
    public int FaultCode { get; init; }

    public AccessLogFlags Flags { get; init; }

    /// <summary>The client's verified TLS certificate (mTLS; one object per connection), or null.</summary>
    public ClientCertificateIdentity? ClientCertificate { get; init; }

    /// <summary>What the route's policies decided (e.g. <c>jwt</c>, <c>jwt_expired</c>, <c>ip_denied</c>): a static name, or null when no policy ran.</summary>
    public string? Policy { get; init; }

    /// <summary>
    /// The authenticated caller (JWT <c>sub</c>, API key name, Basic user, certificate subject), or empty.
    /// Not borrowed: it refers to immutable bytes owned by a key, user, certificate or verified token, so
    /// TryWrite keeps the reference instead of copying.
    /// </summary>
    public ReadOnlyMemory<byte> Subject { get; init; }

    /// <summary>The request id (incoming X-Request-ID or generated; borrowed; copied, capped at <see cref="AccessLog.MaxRequestIdBytes"/>).</summary>
    public ReadOnlyMemory<byte> RequestId { get; init; }

    /// <summary>
    /// The traceparent Edge sent upstream (55 bytes: trace-id and Edge's span id are logged), or empty
    /// (borrowed; copied by TryWrite).
    /// </summary>
    public ReadOnlyMemory<byte> TraceParent { get; init; }
}
