namespace Edge.Http;

/// <summary>Header fields the gateway acts on, recognised once when a head is parsed.</summary>
internal enum KnownHeader : byte
{
    None = 0,
    Host,
    ContentLength,
    TransferEncoding,
    Connection,
    KeepAlive,
    ProxyConnection,
    TE,
    Trailer,
    Upgrade,
    Expect,
    XForwardedFor,
    XForwardedProto,
    XForwardedHost,
    /// <summary>RFC 7239 Forwarded: client-supplied, so never trusted or passed on.</summary>
    Forwarded,
    Via,
    ProxyAuthorization,
    ProxyAuthenticate,
    Http2Settings,
    Date,
    Server,
}
