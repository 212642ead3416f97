using System.Text;

namespace Edge.Http;

/// <summary>Decides which upgrade, if any, the core forwards for an exchange, and checks the upstream's answer.</summary>
internal static class UpgradeProtocols
{
    /// <summary>The token written upstream and to the client for <see cref="UpgradeProtocol.WebSocket"/>.</summary>
    public static ReadOnlySpan<byte> WebSocketToken => "websocket"u8;

    /// <summary>
    /// The upgrade to forward: WebSocket when the route allows it, the protocol can hand over the
    /// connection (<see cref="Exchange.Upgrade"/>: an HTTP/1.1 upgrade request without a body), the method
    /// is GET (RFC 6455 §4.1) and an Upgrade field lists <c>websocket</c>. Anything else — another token
    /// such as h2c, a POST, a route without <c>websocket = true</c> — forwards nothing, so the request
    /// reaches the upstream as a plain HTTP request.
    /// </summary>
    public static UpgradeProtocol Forwardable(Exchange exchange, bool webSocketAllowed)
    {
        if (!webSocketAllowed || exchange.Upgrade is null) return UpgradeProtocol.None;
        var request = exchange.Request;
        if (request.KnownMethod != KnownMethod.Get) return UpgradeProtocol.None;
        return Lists(request, WebSocketToken) ? UpgradeProtocol.WebSocket : UpgradeProtocol.None;
    }

    /// <summary>True when the upstream's 101 switched to the protocol that was asked for (its Upgrade field names it).</summary>
    public static bool Accepted(HttpResponseHead head, UpgradeProtocol asked) =>
        head.Status == 101 && asked == UpgradeProtocol.WebSocket && Lists(head, WebSocketToken);

    /// <summary>
    /// True when an Upgrade field of <paramref name="head"/> lists <paramref name="token"/>
    /// (RFC 9110 §7.8: <c>Upgrade = #protocol</c>, names compared case-insensitively). A versioned entry
    /// (<c>websocket/13</c>) does not match: RFC 6455 defines the bare name only.
    /// </summary>
    public static bool Lists(HttpHead head, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i < head.HeaderCount; i++)
        {
            if (head.HeaderKind(i) == KnownHeader.Upgrade && ListContains(head.HeaderValue(i), token)) return true;
        }
        return false;
    }

    private static bool ListContains(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        while (!list.IsEmpty)
        {
            var comma = list.IndexOf((byte)',');
            var item = HttpCharacters.TrimWhitespace(comma < 0 ? list : list[..comma]);
            if (Ascii.EqualsIgnoreCase(item, token)) return true;
            list = comma < 0 ? default : list[(comma + 1)..];
        }
        return false;
    }
}
