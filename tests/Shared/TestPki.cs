using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.TestShared;

/// <summary>
/// Certificates made at test run time (nothing checked in, nothing expires in the repository): a test
/// CA, leaf certificates it signs, self-signed strangers, and their PEM files in a temp directory.
/// ECDSA P-256 by default (fast to generate); RSA 2048 on request.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"edge-pki-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public static X509Certificate2 CreateCa(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=Edge Tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A leaf certificate signed by <paramref name="issuer"/> (or self-signed when null) with the given names.</summary>
    public static X509Certificate2 Issue(X509Certificate2? issuer, string commonName, IEnumerable<string>? dns = null, bool server = true, bool client = false,
        IEnumerable<string>? uris = null, IEnumerable<string>? emails = null, IEnumerable<IPAddress>? ips = null, bool rsa = false,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r
            ? new CertificateRequest($"CN={commonName}, O=Edge Tests", r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={commonName}, O=Edge Tests", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | (rsa ? X509KeyUsageFlags.KeyEncipherment : 0), true));
        var usages = new OidCollection();
        if (server) usages.Add(ServerAuth);
        if (client) usages.Add(ClientAuth);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var san = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var d in dns ?? []) { san.AddDnsName(d); any = true; }
        foreach (var u in uris ?? []) { san.AddUri(new Uri(u)); any = true; }
        foreach (var e in emails ?? []) { san.AddEmailAddress(e); any = true; }
        foreach (var ip in ips ?? []) { san.AddIpAddress(ip); any = true; }
        if (any) request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        if (issuer is null) return request.CreateSelfSigned(from, until);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(issuer, from, until, serial);
        return key switch
        {
            RSA k => signed.CopyWithPrivateKey(k),
            ECDsa k => signed.CopyWithPrivateKey(k),
            _ => throw new NotSupportedException(),
        };
    }

    /// <summary>Writes <c>name.crt</c> (the certificate, then <paramref name="chain"/>) and <c>name.key</c> (PKCS#8); returns both paths.</summary>
    public (string Cert, string Key) Write(string name, X509Certificate2 certificate, params X509Certificate2[] chain)
    {
        var cert = Path.Combine(Directory, name + ".crt");
        var key = Path.Combine(Directory, name + ".key");
        File.WriteAllText(cert, string.Concat(new[] { certificate }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n")));
        AsymmetricAlgorithm? privateKey = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey();
        if (privateKey is not null)
        {
            using (privateKey) File.WriteAllText(key, privateKey.ExportPkcs8PrivateKeyPem());
        }
        return (cert, key);
    }

    /// <summary>Writes a CA bundle file with the given certificates; returns its path.</summary>
    public string WriteBundle(string name, params X509Certificate2[] certificates)
    {
        var path = Path.Combine(Directory, name + ".pem");
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files; the OS cleans up.
        }
    }
}
