using Edge.Http;
using Edge.Throttling;

namespace Edge.Policies;

/// <summary>
/// The client address of an exchange, resolved once by the gateway and used by the API's IP rules and
/// the throttle's "ip" keys: the TCP peer, or — when the peer is one of the listener's
/// <c>trusted_proxies</c> — the first untrusted hop of <c>X-Forwarded-For</c>, walked from the right
/// (<see cref="ForwardedForWalker"/>; the last field line first, each line right to left). A header
/// from an untrusted peer is never read, so a client cannot spoof its address by sending one.
/// Allocation-free: the peer's <see cref="System.Net.IPAddress"/> is read into 16 bytes on the stack.
/// </summary>
internal static class ClientAddresses
{
    /// <summary>Null when the exchange has no peer address (an in-memory transport): IP rules refuse it, "ip" keys share one bucket.</summary>
    public static IpAddressBytes? Resolve(Exchange exchange, TrustedProxies trusted)
    {
        if (exchange.RemoteEndPoint?.Address is not { } peerAddress) return null;
        var peer = IpAddressBytes.From(peerAddress);
        if (trusted.IsEmpty) return peer;
        var walker = new ForwardedForWalker(trusted, peer);
        var request = exchange.Request;
        for (var i = request.HeaderCount - 1; i >= 0 && walker.WantsMore; i--)
        {
            if (request.HeaderKind(i) == KnownHeader.XForwardedFor) walker.FeedLine(request.HeaderValue(i));
        }
        return walker.Client;
    }
}
