using System.IO.Pipelines;
using Edge.Http;

namespace Edge.Upstream;

/// <summary>
/// The connection after the upstream switched protocols (101): the upstream side of a tunnel, its
/// pipes read and written raw. Bytes the upstream sent after the 101 head are still in the input pipe,
/// so they are the first tunnel bytes.
/// </summary>
internal sealed partial class Http1UpstreamConnection : ITunnelEnd
{
    private bool _upgraded;

    PipeReader IDuplexPipe.Input => Input;

    PipeWriter IDuplexPipe.Output => Output;

    /// <summary>
    /// The connection now speaks another protocol: never pooled again. Unlike <see cref="MarkBroken"/>
    /// it is closed gracefully when returned (queued bytes and the FIN still go out), so a tunnel that
    /// ended cleanly does not lose its last bytes to a reset.
    /// </summary>
    public void MarkUpgraded() => _upgraded = true;

    /// <summary>
    /// A tunnel in which no byte moved either way for this long is reset. It is the upstream's
    /// <c>idle_timeout</c>, the same "no byte from the upstream for this long" limit that bounds a
    /// response body (nginx applies proxy_read_timeout to WebSocket tunnels the same way).
    /// </summary>
    public TimeSpan TunnelIdleTimeout => _options.BodyIdleTimeout;
}
