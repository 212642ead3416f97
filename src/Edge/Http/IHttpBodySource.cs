using System.Buffers;

namespace Edge.Http;

/// <summary>
/// A message body read as it arrives, protocol-neutral (HTTP/1 de-chunked or counted; HTTP/2 DATA).
/// Pattern: <see cref="ReadAsync"/> returns the next bytes; the caller uses them, then calls
/// <see cref="Consume"/> before reading again. An empty result with <see cref="BodyChunk.IsEnd"/> ends it.
/// Malformed framing throws <see cref="BadHttpMessageException"/>; a vanished peer throws IOException.
/// </summary>
internal interface IHttpBodySource
{
    /// <summary>The declared length, or -1 when it is not known up front (chunked, HTTP/2 without content-length).</summary>
    long ContentLength { get; }

    /// <summary>Body bytes handed out so far (for the access log).</summary>
    long BytesRead { get; }

    ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies the route's body cap before the body is read: bytes past it fail the read with a 413
    /// rejection. (A declared Content-Length over the cap is refused by the core before reading.)
    /// </summary>
    void LimitTo(long maxBytes);

    /// <summary>Releases the bytes of the last chunk.</summary>
    void Consume();
}

/// <summary>One read of a body: bytes valid until <see cref="IHttpBodySource.Consume"/>; IsEnd once the body is complete.</summary>
internal readonly record struct BodyChunk(ReadOnlySequence<byte> Data, bool IsEnd);
