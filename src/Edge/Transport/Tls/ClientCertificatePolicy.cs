using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Transport.Tls;

/// <summary>
/// How a listener verifies client certificates (mTLS). The chain is built against the configured CA
/// bundle <em>only</em> (custom root trust: the system store is not consulted, so a certificate from a
/// public CA is not a client identity), with the clientAuth extended key usage required when the
/// certificate lists usages (SslStream adds it for servers). Revocation is not checked: no CRL or OCSP
/// fetch may sit on the handshake path; revoke by re-issuing the CA, or deny by fingerprint in policy.
/// </summary>
internal sealed class ClientCertificatePolicy
{
    /// <summary>Chain elements accepted, leaf and root included (nginx's ssl_verify_depth, with room for two intermediates).</summary>
    public const int MaxChainLength = 4;

    public static ClientCertificatePolicy None { get; } = new(TlsClientAuth.None, null);

    private ClientCertificatePolicy(TlsClientAuth mode, X509Certificate2Collection? authorities)
    {
        Mode = mode;
        Authorities = authorities;
        if (authorities is null) return;
        ChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            // The certificate the client sent must be valid now; no exception for expired or not-yet-valid ones.
            VerificationFlags = X509VerificationFlags.NoFlag,
            DisableCertificateDownloads = true,
        };
        ChainPolicy.CustomTrustStore.AddRange(authorities);
        Callback = Validate;
    }

    public static ClientCertificatePolicy Create(TlsClientAuth mode, X509Certificate2Collection authorities) =>
        mode == TlsClientAuth.None ? None : new ClientCertificatePolicy(mode, authorities);

    public TlsClientAuth Mode { get; }

    /// <summary>The client CA bundle (its subjects are also sent in the CertificateRequest so clients can pick a certificate).</summary>
    public X509Certificate2Collection? Authorities { get; }

    /// <summary>Null when no certificate is requested. SslStream clones it for each handshake.</summary>
    public X509ChainPolicy? ChainPolicy { get; }

    public RemoteCertificateValidationCallback? Callback { get; }

    /// <summary>
    /// Require: a certificate must come and verify. Optional: none is fine, but one that is presented
    /// must verify — a bad certificate is refused rather than served as anonymous, so a client never
    /// believes it authenticated when it did not. nginx's <c>ssl_verify_client optional</c> refuses it
    /// too, with a 400 after the handshake; Edge fails the handshake itself (the client sees a TLS alert),
    /// so no request of that client reaches the gateway core at all.
    /// </summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        string? refusal;
        if (certificate is null)
            refusal = Mode == TlsClientAuth.Require ? "no client certificate (client_auth = \"require\")" : null;
        else if (errors != SslPolicyErrors.None)
            refusal = "client certificate refused: " + CertificateErrors.Describe(errors, chain, expectedName: null);
        else if (chain is not null && chain.ChainElements.Count > MaxChainLength)
            refusal = $"client certificate chain has {chain.ChainElements.Count} certificates: at most {MaxChainLength} are accepted";
        else
            refusal = null;
        if (refusal is not null && sender is TlsStream stream) stream.FailureDetail = refusal;
        return refusal is null;
    }
}
