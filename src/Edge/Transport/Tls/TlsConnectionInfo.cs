using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Transport.Tls;

/// <summary>What a completed handshake negotiated, fixed for the connection's life.</summary>
/// <param name="ServerName">The SNI name the client sent (server side), or the name Edge sent (upstream side); null if none.</param>
/// <param name="PeerCertificate">The client's verified certificate (server side, mTLS) or the upstream's; null if none was presented.</param>
internal sealed record TlsConnectionInfo(
    SslProtocols Protocol,
    SslApplicationProtocol ApplicationProtocol,
    TlsCipherSuite CipherSuite,
    string? ServerName,
    X509Certificate2? PeerCertificate);
