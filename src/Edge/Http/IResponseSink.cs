using System.Buffers;

namespace Edge.Http;

/// <summary>
/// Where a response goes, protocol-neutral: HTTP/1.1 writes a status line and fields, HTTP/2 a HEADERS
/// frame. The head is written once, then the body in pieces (each awaited: back-pressure), then
/// <see cref="CompleteAsync"/>. <see cref="Abort"/> signals a truncated response (the upstream died
/// mid-body): HTTP/1.1 closes the connection early, HTTP/2 resets the stream — never a clean end.
/// </summary>
internal interface IResponseSink
{
    bool HasStarted { get; }

    /// <summary>Bytes of body written so far.</summary>
    long BodyBytesWritten { get; }

    /// <summary>
    /// Starts the response. <paramref name="contentLength"/>: the body length when known, -1 otherwise
    /// (HTTP/1.1 then uses chunked). Fields in <paramref name="head"/> that are hop-by-hop or framing are
    /// skipped by the sink; <paramref name="extra"/> adds fields the gateway sets itself.
    /// </summary>
    void WriteHead(HttpResponseHead head, long contentLength, in ResponseExtras extra);

    ValueTask WriteBodyAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken);

    ValueTask WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Ends the body cleanly and flushes.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends the body cleanly with trailer fields (an HTTP/2 upstream's trailing HEADERS, gRPC's
    /// <c>grpc-status</c>). HTTP/2 sends them as a HEADERS frame with END_STREAM; HTTP/1.1 as chunked
    /// trailers when the client sent <c>TE: trailers</c>. A sink that cannot carry them drops them
    /// (RFC 9110 §6.5.1: a recipient may discard trailers) — the default.
    /// </summary>
    ValueTask CompleteAsync(HttpHead trailers, CancellationToken cancellationToken) => CompleteAsync(cancellationToken);

    /// <summary>The response cannot be completed: make the truncation visible to the client.</summary>
    void Abort();
}

/// <summary>Fields the gateway adds to a response (an Allow list, a content type for its own bodies).</summary>
internal readonly ref struct ResponseExtras
{
    public ReadOnlySpan<byte> ContentType { get; init; }
    public ReadOnlySpan<byte> Allow { get; init; }
    /// <summary>Ask the protocol to end the connection after this response (HTTP/1.1: Connection: close).</summary>
    public bool CloseConnection { get; init; }
    /// <summary>The response to a HEAD request: fields only, no body bytes even if a length is given.</summary>
    public bool HeadOnly { get; init; }
    /// <summary>A 101 switching to this protocol (HTTP/1.1: <c>Connection: Upgrade</c> and <c>Upgrade: token</c>); empty otherwise.</summary>
    public ReadOnlySpan<byte> Upgrade { get; init; }
}
