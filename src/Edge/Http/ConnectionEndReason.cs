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
}
