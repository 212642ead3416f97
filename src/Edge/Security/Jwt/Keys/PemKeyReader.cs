using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// Reads verification keys from PEM text: <c>CERTIFICATE</c> blocks (the trusted key manager's
/// signing certificate) and <c>PUBLIC KEY</c> blocks (SubjectPublicKeyInfo). Only the public key is
/// used: the certificate's dates and chain are not checked, because trust comes from the file being
/// in the configuration, as with a JWKS. A key from PEM is an RSA key (RS*, PS*) or an EC key (the
/// curve's ES*), under the same strength rules as JWKs. Private key blocks are refused.
/// </summary>
internal static class PemKeyReader
{
    public static IReadOnlyList<JwtSigningKey>? Read(ReadOnlySpan<char> pem, List<LoadError> errors)
    {
        var errorsBefore = errors.Count;
        var keys = new List<JwtSigningKey>();
        var offset = 0;
        while (offset < pem.Length && PemEncoding.TryFind(pem[offset..], out var fields))
        {
            var start = offset + fields.Location.Start.Value;
            var label = pem[offset..][fields.Label].ToString();
            var der = new byte[fields.DecodedDataLength];
            Convert.TryFromBase64Chars(pem[offset..][fields.Base64Data], der, out _);
            offset += fields.Location.End.Value;
            string? error;
            var key = label switch
            {
                "CERTIFICATE" => FromCertificate(der, out error),
                "PUBLIC KEY" => FromPublicKey(der, null, out error),
                _ => Fail(label.Contains("PRIVATE", StringComparison.Ordinal)
                    ? $"a {label} block: only public keys or certificates belong in an issuer's key file"
                    : $"unexpected PEM block \"{label}\": expected CERTIFICATE or PUBLIC KEY", out error),
            };
            if (key is null)
            {
                errors.Add(At(pem, start, error!));
                continue;
            }
            if (keys.Count >= JwksReader.MaxKeys)
            {
                errors.Add(At(pem, start, $"more than {JwksReader.MaxKeys} keys in one file"));
                key.Dispose();
                break;
            }
            keys.Add(key);
        }
        if (errors.Count == errorsBefore && keys.Count == 0)
            errors.Add(new LoadError(1, 1, "no PEM CERTIFICATE or PUBLIC KEY block found"));
        if (errors.Count > errorsBefore)
        {
            foreach (var k in keys) k.Dispose();
            return null;
        }
        return keys;
    }

    private static JwtSigningKey? FromCertificate(byte[] der, out string? error)
    {
        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            return FromPublicKey(cert.PublicKey.ExportSubjectPublicKeyInfo(), Thumbprint(der), out error);
        }
        catch (CryptographicException e)
        {
            error = "not a readable X.509 certificate: " + e.Message;
            return null;
        }
    }

    /// <summary>x5t#S256 (RFC 7515 §4.1.8): base64url of the SHA-256 of the certificate's DER.</summary>
    private static string Thumbprint(byte[] der) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(der));

    private static JwtSigningKey? FromPublicKey(byte[] spki, string? kid, out string? error)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return SigningKeyFactory.CreateRsa(kid, rsa, JwsAlgorithmSet.Rsa, out error, fromPem: true);
        }
        catch (CryptographicException)
        {
            // Not an RSA SubjectPublicKeyInfo: try EC next.
            rsa.Dispose();
        }
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            return SigningKeyFactory.CreateEc(kid, ecdsa, out error, fromPem: true);
        }
        catch (CryptographicException)
        {
            // Not EC either (Ed25519, DSA, ...): reported below.
            ecdsa.Dispose();
        }
        error = "the public key is neither RSA nor EC (P-256, P-384, P-521); Ed25519 is not supported by the .NET base library";
        return null;
    }

    private static LoadError At(ReadOnlySpan<char> text, int offset, string message)
    {
        var before = text[..offset];
        var line = before.Count('\n') + 1;
        var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
        return new LoadError(line, column, message);
    }

    private static JwtSigningKey? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
