namespace Edge.Http;

/// <summary>A protocol the gateway forwards an HTTP/1.1 upgrade to (RFC 9110 §7.8); h2c never is (SECURITY.md case 20).</summary>
internal enum UpgradeProtocol : byte
{
    /// <summary>No upgrade is forwarded: Upgrade and Connection are dropped like any hop-by-hop field.</summary>
    None = 0,

    /// <summary>RFC 6455 WebSocket: <c>Upgrade: websocket</c> on a GET.</summary>
    WebSocket,
}
