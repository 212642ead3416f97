using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Edge.Transport.Tls;

/// <summary>
/// Reads certificates, keys and CA bundles from PEM files at load and reload time (never on the
/// request path). Each failure is a short message naming the file, for a positioned config error. The
/// messages are Edge's own: the runtime's exception texts are resource keys in the native build.
/// </summary>
internal static class PemFiles
{
    /// <summary>A PEM file larger than this is refused: a real chain or bundle is a few KiB to a few hundred.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>RSA keys below this are refused (OpenSSL's default security level 2 would fail every handshake with them anyway).</summary>
    public const int MinRsaKeyBits = 2048;

    /// <summary>
    /// Reads a certificate chain (leaf first) and its unencrypted private key, feeding both files' bytes
    /// to <paramref name="hash"/>. On failure <paramref name="keyAtFault"/> says which file the error is about.
    /// </summary>
    public static CertificateWithChain? LoadCertificate(string certPath, string keyPath, IncrementalHash hash, out string? error, out bool keyAtFault)
    {
        keyAtFault = false;
        var certText = ReadText(certPath, hash, out error);
        if (certText is null) return null;
        if (!certText.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            return Fail<CertificateWithChain>($"no certificate in \"{certPath}\": expected a PEM file with a -----BEGIN CERTIFICATE----- block", out error);
        keyAtFault = true;
        var keyText = ReadText(keyPath, hash, out error);
        if (keyText is null) return null;
        if (keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            return Fail<CertificateWithChain>($"the private key in \"{keyPath}\" is encrypted: expected an unencrypted PEM key (protect the file with permissions)", out error);
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            return Fail<CertificateWithChain>($"no private key in \"{keyPath}\": expected a PEM file with a -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY) block", out error);

        X509Certificate2 leaf;
        var all = new X509Certificate2Collection();
        try
        {
            leaf = X509Certificate2.CreateFromPem(certText, keyText);
            all.ImportFromPem(certText);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: the key parses but belongs to another certificate.
            return Fail<CertificateWithChain>($"the private key in \"{keyPath}\" does not match the first certificate in \"{certPath}\", or is not an RSA or ECDSA key", out error);
        }
        keyAtFault = false;
        if (leaf.GetRSAPublicKey() is { } rsa && rsa.KeySize < MinRsaKeyBits)
            return Fail<CertificateWithChain>($"the certificate in \"{certPath}\" has a {rsa.KeySize}-bit RSA key: expected at least {MinRsaKeyBits} bits", out error);

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++) intermediates.Add(all[i]);
        error = null;
        return new CertificateWithChain(leaf, intermediates);
    }

    /// <summary>Reads every certificate of a CA bundle (at least one). Feeds the file's bytes to <paramref name="hash"/>.</summary>
    public static X509Certificate2Collection? LoadAuthorities(string path, IncrementalHash hash, out string? error)
    {
        var text = ReadText(path, hash, out error);
        if (text is null) return null;
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (CryptographicException)
        {
            return Fail<X509Certificate2Collection>($"\"{path}\" holds a certificate that cannot be parsed: expected PEM CERTIFICATE blocks", out error);
        }
        if (bundle.Count == 0) return Fail<X509Certificate2Collection>($"no certificate in \"{path}\": expected a PEM bundle with at least one -----BEGIN CERTIFICATE----- block", out error);
        return bundle;
    }

    private static string? ReadText(string path, IncrementalHash hash, out string? error)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return Fail<string>($"cannot read \"{path}\": no such file", out error);
            if (info.Length > MaxFileBytes) return Fail<string>($"\"{path}\" is {info.Length} bytes: expected a PEM file of at most {MaxFileBytes} bytes", out error);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail<string>($"cannot read \"{path}\": {(e is UnauthorizedAccessException ? "permission denied" : e.GetType().Name)}", out error);
        }
        hash.AppendData(bytes);
        error = null;
        return Encoding.ASCII.GetString(bytes);
    }

    private static T? Fail<T>(string message, out string? error) where T : class
    {
        error = message;
        return null;
    }
}
