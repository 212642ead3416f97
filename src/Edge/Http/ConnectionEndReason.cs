namespace Edge.Http;

/// <summary>Why a client connection ended (STYLE.md §5 #17), for the access log and metrics.</summary>
internal enum ConnectionEndReason : byte
{
    None,
    ClientClosed,
    ClientAborted,
    IdleTimeout,
    HeaderTimeout,
    BodyTimeout,
    SendTimeout,
    BadRequest,
    ConnectionClose,
    UnreadBody,
    ResponseAborted,
    ServerDraining,
    ConnectionLimit,
    ProtocolError,
    /// <summary>The connection switched protocols (101) and ended with its tunnel.</summary>
    Tunnel,
    /// <summary>An HTTP/1.1 request asked for <c>Upgrade: h2c</c> and the connection went on as HTTP/2 (RFC 7540 §3.2).</summary>
    UpgradedToHttp2,
}
