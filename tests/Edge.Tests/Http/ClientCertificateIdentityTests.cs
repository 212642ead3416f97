using System.Net;
using System.Security.Cryptography;
using Edge.Http;
using Edge.TestShared;

namespace Edge.Tests.Http;

/// <summary>The mTLS identity handed to policies: subject, SANs by kind, SHA-256 fingerprint.</summary>
public sealed class ClientCertificateIdentityTests
{
    [Fact]
    public void From_CertificateWithEverySanKind_ExposesEachKind()
    {
        var ca = TestPki.CreateCa("Identity CA");
        using var cert = TestPki.Issue(ca, "client-7", dns: ["svc.internal", "alt.internal"], server: false, client: true,
            uris: ["spiffe://example.org/ns/prod/sa/orders"], emails: ["ops@example.org"], ips: [IPAddress.Parse("10.1.2.3"), IPAddress.IPv6Loopback]);

        var identity = ClientCertificateIdentity.From(cert);

        Assert.Equal("CN=client-7, O=Edge Tests", identity.Subject);
        Assert.Equal("CN=Identity CA, O=Edge Tests", identity.Issuer);
        Assert.Equal(["svc.internal", "alt.internal"], identity.DnsNames);
        Assert.Equal(["spiffe://example.org/ns/prod/sa/orders"], identity.Uris);
        Assert.Equal(["ops@example.org"], identity.Emails);
        Assert.Equal(["10.1.2.3", "::1"], identity.IpAddresses);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(cert.RawData)), identity.Sha256Fingerprint);
        Assert.Equal(64, identity.Sha256Fingerprint.Length);
        Assert.Equal(cert.SerialNumber, identity.SerialNumber);
    }

    [Fact]
    public void From_CertificateWithoutSan_HasEmptyNameLists()
    {
        using var cert = TestPki.Issue(null, "bare", server: false, client: true);

        var identity = ClientCertificateIdentity.From(cert);

        Assert.Equal("CN=bare, O=Edge Tests", identity.Subject);
        Assert.Empty(identity.DnsNames);
        Assert.Empty(identity.Uris);
        Assert.Empty(identity.Emails);
        Assert.Empty(identity.IpAddresses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]                 // a SEQUENCE tag with no length
    [InlineData("3003820261")]         // a dNSName longer than its bytes
    [InlineData("30028100ff")]         // trailing bytes after the SEQUENCE
    public void Parse_MalformedExtension_YieldsNoNames(string hex)
    {
        var names = SubjectAltNames.Parse(Convert.FromHexString(hex));

        Assert.Empty(names.Dns);
        Assert.Empty(names.Uris);
    }
}
