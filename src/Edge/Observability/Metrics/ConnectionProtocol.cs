namespace Edge.Observability.Metrics;

/// <summary>The <c>protocol</c> label of connection metrics: what a client connection speaks once detected.</summary>
internal enum ConnectionProtocol : byte
{
    /// <summary>HTTP/1.x, cleartext or TLS.</summary>
    Http1,
    /// <summary>HTTP/2 with prior knowledge over cleartext (RFC 9113 §3.3).</summary>
    H2c,
    /// <summary>HTTP/2 over TLS (ALPN "h2").</summary>
    H2,
}
