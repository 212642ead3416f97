using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Http;

/// <summary>
/// The subjectAltName extension (RFC 5280 §4.2.1.6) by kind. The BCL's own reader only exposes DNS
/// names and IP addresses; URIs (SPIFFE IDs) and e-mail addresses are read here with the ASN.1 reader:
/// <code>
/// GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
/// GeneralName  ::= CHOICE { otherName [0], rfc822Name [1] IA5String, dNSName [2] IA5String,
///                           x400Address [3], directoryName [4], ediPartyName [5],
///                           uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING, registeredID [8] }
/// </code>
/// Kinds Edge does not match on are skipped. A malformed extension yields no names rather than an
/// error: the chain already verified, and a policy that needs a name then simply finds none.
/// </summary>
internal readonly record struct SubjectAltNames(string[] Dns, string[] Uris, string[] Emails, string[] IpAddresses)
{
    private const string Oid = "2.5.29.17";

    public static SubjectAltNames Read(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[Oid];
        return extension is null ? new([], [], [], []) : Parse(extension.RawData);
    }

    public static SubjectAltNames Parse(ReadOnlyMemory<byte> der)
    {
        List<string>? dns = null, uris = null, emails = null, ips = null;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    names.ReadEncodedValue();
                    continue;
                }
                switch (tag.TagValue)
                {
                    case 1:
                        (emails ??= []).Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 2:
                        (dns ??= []).Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 6:
                        (uris ??= []).Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 7:
                        var bytes = names.ReadOctetString(tag);
                        if (bytes.Length is 4 or 16) (ips ??= []).Add(new IPAddress(bytes).ToString());
                        break;
                    default:
                        names.ReadEncodedValue();
                        break;
                }
            }
        }
        catch (AsnContentException)
        {
            return new([], [], [], []);
        }
        return new(dns?.ToArray() ?? [], uris?.ToArray() ?? [], emails?.ToArray() ?? [], ips?.ToArray() ?? []);
    }
}
