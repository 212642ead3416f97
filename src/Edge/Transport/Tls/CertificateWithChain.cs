using System.Security.Cryptography.X509Certificates;

namespace Edge.Transport.Tls;

/// <summary>
/// A certificate with its private key and the intermediates that followed it in the PEM file. The
/// intermediates are sent in the handshake so clients that only know the root can build the chain.
/// </summary>
internal sealed record CertificateWithChain(X509Certificate2 Leaf, X509Certificate2Collection Intermediates);
