namespace Edge.Http;

/// <summary>
/// Offered on <see cref="Exchange.Upgrade"/> by a protocol that can hand its connection over to another
/// protocol (HTTP/1.1 Upgrade, RFC 9110 §7.8), for a request that asked for a switch and has no body.
/// The core decides whether to forward the upgrade; only after the upstream agreed (101) does it call
/// <see cref="SwitchProtocols"/>, so no byte of the client is tunnelled before that (SECURITY.md case 20).
/// </summary>
internal interface IUpgradeFeature
{
    /// <summary>
    /// Writes the 101 head to the client — the fields of <paramref name="head"/> minus hop-by-hop ones, plus
    /// the protocol's own switch fields naming <paramref name="protocol"/> — and returns the client side of
    /// the tunnel. The head is queued, not flushed; bytes the client sent after its request head come first
    /// on the returned input. The protocol reads and writes no more HTTP on this connection, and the
    /// connection ends when the tunnel does.
    /// </summary>
    ITunnelEnd SwitchProtocols(HttpResponseHead head, ReadOnlySpan<byte> protocol);

    /// <summary>
    /// Cancelled when the server cuts the switched connection (drain deadline, listener removed by a
    /// reload): the tunnel must then end both ways at once. Valid after <see cref="SwitchProtocols"/>.
    /// </summary>
    CancellationToken Aborted { get; }
}
