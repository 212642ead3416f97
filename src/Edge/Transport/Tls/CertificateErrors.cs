using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Transport.Tls;

/// <summary>Turns SslStream's verdict on a peer certificate into a sentence for the operator's log.</summary>
internal static class CertificateErrors
{
    public static string Describe(SslPolicyErrors errors, X509Chain? chain, string? expectedName)
    {
        var parts = new List<string>(3);
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) parts.Add("no certificate was presented");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            parts.Add(expectedName is null ? "the certificate does not name the host" : $"the certificate does not name \"{expectedName}\"");
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var flags = X509ChainStatusFlags.NoError;
            if (chain is not null)
                foreach (var status in chain.ChainStatus) flags |= status.Status;
            parts.Add(flags == X509ChainStatusFlags.NoError ? "the chain does not verify" : $"the chain does not verify ({flags})");
        }
        return parts.Count == 0 ? errors.ToString() : string.Join("; ", parts);
    }
}
