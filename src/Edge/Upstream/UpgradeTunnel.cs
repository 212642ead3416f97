using System.Runtime.CompilerServices;
using Edge.Http;

namespace Edge.Upstream;

/// <summary>
/// The end of a forward whose upstream answered with a protocol switch (101, RFC 9110 §15.2.2):
/// <code>
///  client ──GET, Upgrade: websocket──▶ Edge ──GET, Upgrade: websocket──▶ upstream   (the core allowed it)
///  client ◀──────────── 101 ───────── Edge ◀──────────── 101 ──────────── upstream   1. check, pass the head on
///  client ◀═══════════ raw bytes both ways, spliced until both close ═════════════▶  2. splice; never pooled
/// </code>
/// A switch Edge did not ask for — a 101 to a plain request, or to a different protocol — is a bad
/// upstream response (502) and that connection is closed: passing it on would tunnel the client past
/// the gateway (SECURITY.md case 20).
/// </summary>
internal static class UpgradeTunnel
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ForwardResult> RunAsync(Exchange exchange, Http1UpstreamConnection connection)
    {
        var head = connection.Head;
        // :: Step 1: only the switch that was asked for, to the protocol that was asked for.
        if (exchange.Upgrade is not { } upgrade || !UpgradeProtocols.Accepted(head, exchange.ForwardedUpgrade))
        {
            connection.Abort();
            return ForwardResult.BadUpstreamResponse;
        }
        connection.Endpoint.Health.ReportSuccess();
        connection.MarkUpgraded();
        var client = upgrade.SwitchProtocols(head, UpgradeProtocols.WebSocketToken);

        // :: Step 2: the splice; the exchange (and its access log line) ends when the tunnel does.
        var splice = new TunnelSplice(client, connection, connection.TunnelIdleTimeout);
        var end = await splice.RunAsync(upgrade.Aborted).ConfigureAwait(false);
        exchange.TunnelBytesToClient = splice.BytesToClient;
        exchange.TunnelBytesFromClient = splice.BytesFromClient;
        // Anything but a FIN each way means the tunnel was cut (a reset, the idle timeout, the drain
        // deadline): the access log flags it as truncated, as it does a response cut short.
        exchange.Truncated = end != TunnelEndReason.Closed;
        return end switch
        {
            TunnelEndReason.UpstreamReset => ForwardResult.ResponseBodyUpstreamFailed,
            TunnelEndReason.ClientReset => ForwardResult.ResponseBodyClientFailed,
            _ => ForwardResult.Success,
        };
    }
}
