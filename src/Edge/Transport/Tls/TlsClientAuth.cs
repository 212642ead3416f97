namespace Edge.Transport.Tls;

/// <summary>
/// Whether a listener asks clients for a certificate: the transport's own copy of the config's
/// <c>client_auth</c>, since Transport depends on no other layer (DESIGN.md §2).
/// </summary>
internal enum TlsClientAuth : byte
{
    /// <summary>No certificate is requested.</summary>
    None,
    /// <summary>Requested; a client without one is served, a client with an invalid one is refused.</summary>
    Optional,
    /// <summary>The handshake fails without a certificate that verifies against the client CA bundle.</summary>
    Require,
}
