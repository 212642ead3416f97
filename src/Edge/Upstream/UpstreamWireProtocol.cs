namespace Edge.Upstream;

/// <summary>What an endpoint is spoken to in (the upstream's <c>protocol</c>).</summary>
internal enum UpstreamWireProtocol : byte
{
    /// <summary>HTTP/1.1 (over TLS for https:// endpoints, ALPN http/1.1).</summary>
    Http1,
    /// <summary>HTTP/2 with prior knowledge on cleartext (RFC 9113 §3.3); a peer that does not answer with SETTINGS fails with 503.</summary>
    H2c,
    /// <summary>HTTP/2 over TLS, ALPN h2 only; a peer that does not select h2 fails with 503.</summary>
    H2,
    /// <summary>
    /// TLS: ALPN offers h2 then http/1.1 and the peer chooses. Cleartext: h2c prior knowledge is tried once
    /// per endpoint and the answer remembered (HTTP/1.1 from then on when the peer is not HTTP/2).
    /// </summary>
    Auto,
}
