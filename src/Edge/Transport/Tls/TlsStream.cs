using System.Net.Security;

namespace Edge.Transport.Tls;

/// <summary>
/// An <see cref="SslStream"/> that can carry why Edge's own checks refused the peer: the certificate
/// callbacks only get the stream as <c>sender</c> and can only answer yes or no, and SslStream then
/// reports a generic "rejected by the callback". The handshake code logs this detail instead.
/// </summary>
internal sealed class TlsStream : SslStream
{
    public TlsStream(Stream inner) : base(inner, leaveInnerStreamOpen: false)
    {
    }

    /// <summary>Set by a selection or validation callback that refused the handshake.</summary>
    public string? FailureDetail { get; set; }
}
