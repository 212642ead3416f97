namespace Edge.Config.Model;

/// <summary>What a listener speaks: "http1", "h2c" (cleartext HTTP/2) or "h2" (HTTP/2 over TLS via ALPN).</summary>
public enum ListenerProtocol : byte
{
    Http1,
    H2c,
    H2,
}
