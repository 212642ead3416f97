namespace Edge.Config.Model;

/// <summary>One <c>[[listeners]]</c> entry.</summary>
/// <param name="Name">The configured name, or the bind text when none was given.</param>
/// <param name="Protocols">In preference order; with TLS this is the ALPN order.</param>
/// <param name="MaxConnections">Connection cap for this listener (defaults to server.limits.max_connections).</param>
/// <param name="Http2">HTTP/2 limits (<c>[listeners.http2]</c>), defaults resolved from <c>[server.limits]</c>; null only in hand-built models.</param>
public sealed record ListenerConfig(
    string Name,
    EndpointAddress Bind,
    ValueList<ListenerProtocol> Protocols,
    ListenerTlsConfig? Tls,
    int MaxConnections,
    bool H2cUpgrade,
    ValueList<CidrRange> IpAllow,
    ValueList<CidrRange> IpDeny,
    ValueList<CidrRange> TrustedProxies,
    ListenerHttp2Config? Http2 = null);
