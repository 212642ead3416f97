using System.IO.Pipelines;
using System.Net;
using Edge.Transport.Tls;

namespace Edge.Transport;

/// <summary>
/// A byte stream to a peer as a duplex pipe: a socket connection in production, an in-memory pipe pair
/// in benchmarks and protocol tests. Protocol layers depend on this, never on sockets.
/// </summary>
internal interface ITransport : IDuplexPipe, IAsyncDisposable
{
    IPEndPoint? RemoteEndPoint { get; }

    /// <summary>What the TLS handshake negotiated; null for a cleartext connection.</summary>
    TlsConnectionInfo? Tls => null;

    /// <summary>How long disposing waits for queued output to reach a peer that is not reading before it resets.</summary>
    TimeSpan CloseTimeout { get; set; }

    /// <summary>
    /// True when closing with input still arriving makes the peer lose what was sent to it: TCP answers
    /// data that reaches a closed socket with a reset, and the peer's stack may drop the response it had
    /// not read yet. Protocols then close lingering (RFC 9112 §9.6). In-memory pipes lose nothing.
    /// </summary>
    bool ResetsUnreadInput => false;

    /// <summary>Closes at once; a half-sent message is seen as truncated by the peer.</summary>
    void Abort(TransportEndReason reason = TransportEndReason.Aborted);
}
