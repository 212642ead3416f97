namespace Edge.Config.Model;

/// <summary><c>protocol = "http1" | "h2c" | "h2" | "auto"</c> towards an upstream ("auto" follows ALPN, HTTP/1.1 in cleartext).</summary>
public enum UpstreamProtocol : byte
{
    Http1,
    H2c,
    H2,
    Auto,
}
