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
    /// <summary>The request id: Edge keeps a valid one or makes its own, and sends only its value on.</summary>
    XRequestId,
    /// <summary>W3C Trace Context: Edge validates it and sends its own (its span as the parent).</summary>
    TraceParent,
    /// <summary>W3C Trace Context vendor state: sent on, bounded, only with a valid traceparent.</summary>
    TraceState,
}
