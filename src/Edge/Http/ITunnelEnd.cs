using System.IO.Pipelines;

namespace Edge.Http;

/// <summary>
/// One side of a tunnel after a protocol switch (RFC 9110 §7.8): the raw bytes of a connection, no
/// longer HTTP. Reading <see cref="IDuplexPipe.Input"/> to its end means the peer closed its sending
/// side (FIN); completing <see cref="IDuplexPipe.Output"/> closes ours after the queued bytes.
/// </summary>
internal interface ITunnelEnd : IDuplexPipe
{
    /// <summary>Resets the connection at once: the peer sees an abort, never a clean end.</summary>
    void Abort();
}
