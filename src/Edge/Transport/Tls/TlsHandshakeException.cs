namespace Edge.Transport.Tls;

/// <summary>
/// An upstream TLS handshake failed (untrusted or misnamed certificate, no common protocol, the peer
/// hung up). An <see cref="IOException"/>, so code that treats a broken connect as an I/O failure keeps
/// doing so; <see cref="Reason"/> is the sentence for the log.
/// </summary>
internal sealed class TlsHandshakeException : IOException
{
    public TlsHandshakeException(string reason, Exception inner) : base(reason, inner) => Reason = reason;

    public string Reason { get; }
}
