using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Transport;

namespace Edge.Http;

/// <summary>
/// Who the client proved to be with its TLS certificate (mTLS), in the terms policies match on: the
/// subject distinguished name, the subject alternative names by kind, and the SHA-256 fingerprint of
/// the DER certificate. Only ever built from a certificate the listener verified against its client CA
/// bundle. Protocol-neutral: set once per connection by HTTP/1.1 (and HTTP/2), shared by its exchanges.
/// </summary>
internal sealed class ClientCertificateIdentity
{
    private ClientCertificateIdentity(string subject, string issuer, string serialNumber, string sha256, SubjectAltNames names,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        Subject = subject;
        SubjectUtf8 = System.Text.Encoding.UTF8.GetBytes(subject);
        Issuer = issuer;
        SerialNumber = serialNumber;
        Sha256Fingerprint = sha256;
        DnsNames = names.Dns;
        Uris = names.Uris;
        Emails = names.Emails;
        IpAddresses = names.IpAddresses;
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    /// <summary>The subject DN, most specific part first as .NET writes it: <c>CN=client-1, O=Example</c>.</summary>
    public string Subject { get; }

    /// <summary><see cref="Subject"/> as UTF-8 (once per connection): the caller's subject for logs and throttle keys.</summary>
    public byte[] SubjectUtf8 { get; }

    public string Issuer { get; }

    /// <summary>The serial number as upper-case hex, as the certificate carries it.</summary>
    public string SerialNumber { get; }

    /// <summary>SHA-256 of the DER certificate, 64 lower-case hex digits (what <c>openssl x509 -fingerprint -sha256</c> shows, without colons).</summary>
    public string Sha256Fingerprint { get; }

    /// <summary>dNSName entries of the subjectAltName extension, in certificate order.</summary>
    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>uniformResourceIdentifier entries (e.g. SPIFFE IDs <c>spiffe://example.org/ns/a</c>).</summary>
    public IReadOnlyList<string> Uris { get; }

    /// <summary>rfc822Name entries.</summary>
    public IReadOnlyList<string> Emails { get; }

    /// <summary>iPAddress entries, formatted.</summary>
    public IReadOnlyList<string> IpAddresses { get; }

    public DateTimeOffset NotBefore { get; }
    public DateTimeOffset NotAfter { get; }

    /// <summary>The identity of a connection's verified client certificate, or null when it has none.</summary>
    public static ClientCertificateIdentity? Of(ITransport transport) =>
        transport.Tls?.PeerCertificate is { } certificate ? From(certificate) : null;

    public static ClientCertificateIdentity From(X509Certificate2 certificate)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificate.RawDataMemory.Span, hash);
        return new ClientCertificateIdentity(
            certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            Convert.ToHexStringLower(hash),
            SubjectAltNames.Read(certificate),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
