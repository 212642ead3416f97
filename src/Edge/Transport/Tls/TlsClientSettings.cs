using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Transport.Tls;

/// <summary>
/// TLS toward one upstream's https:// endpoints, built once per config load: how the server is
/// verified (the system store, only a configured CA bundle, or — <c>verify = false</c> — not at all),
/// the client certificate Edge presents, the SNI override and the ALPN list. <see cref="ForHost"/>
/// makes each endpoint's handshake options, shared by all its connections (SslStream copies them).
/// Revocation is not checked: an OCSP or CRL fetch would sit on the connect path of every request.
/// </summary>
internal sealed class TlsClientSettings
{
    private static readonly RemoteCertificateValidationCallback AcceptAny = static (_, _, _, _) => true;

    /// <summary>SslStream's own verdict, kept, with the reason recorded for the log when it is "no".</summary>
    private static readonly RemoteCertificateValidationCallback VerifyAndExplain = static (sender, _, chain, errors) =>
    {
        if (errors == SslPolicyErrors.None) return true;
        if (sender is TlsStream tls) tls.FailureDetail = "upstream certificate refused: " + CertificateErrors.Describe(errors, chain, tls.TargetHostName);
        return false;
    };

    private readonly X509ChainPolicy? _customTrust;
    private readonly SslStreamCertificateContext? _clientCertificate;
    private readonly List<SslApplicationProtocol> _protocols;

    public TlsClientSettings(X509Certificate2Collection? authorities, bool verify, CertificateWithChain? clientCertificate, string? serverName,
        IReadOnlyList<SslApplicationProtocol> protocols, string materialHash, TlsFailureLog? log)
    {
        Verify = verify;
        ServerName = serverName;
        MaterialHash = materialHash;
        Log = log;
        _protocols = protocols.ToList();
        if (verify && authorities is not null)
        {
            _customTrust = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            _customTrust.CustomTrustStore.AddRange(authorities);
        }
        if (clientCertificate is not null)
            _clientCertificate = SslStreamCertificateContext.Create(clientCertificate.Leaf, clientCertificate.Intermediates, offline: true);
    }

    /// <summary>False for <c>verify = false</c>: any certificate is accepted (logged loudly at load).</summary>
    public bool Verify { get; }

    /// <summary>The configured <c>sni</c>, sent (and verified) instead of each endpoint's host.</summary>
    public string? ServerName { get; }

    /// <summary>SHA-256 over the CA and client certificate files (hex): a reload keeps the upstream's pools only when it is unchanged.</summary>
    public string MaterialHash { get; }

    public TlsFailureLog? Log { get; }

    /// <summary>
    /// The handshake options for an endpoint whose URL host is <paramref name="host"/>: SNI and the name
    /// checked are the configured <c>sni</c> or that host. An IP literal is checked against the
    /// certificate's IP addresses and sends no SNI (RFC 6066 §3 allows only host names).
    /// </summary>
    public SslClientAuthenticationOptions ForHost(string host) => ForHost(host, _protocols);

    /// <summary>As <see cref="ForHost(string)"/>, offering <paramref name="protocols"/> in ALPN (h2 connections of an h2/auto upstream).</summary>
    public SslClientAuthenticationOptions ForHost(string host, List<SslApplicationProtocol> protocols) => new()
    {
        TargetHost = ServerName ?? host,
        EnabledSslProtocols = TlsPolicy.Protocols,
        ApplicationProtocols = protocols,
        CertificateChainPolicy = _customTrust,
        RemoteCertificateValidationCallback = Verify ? VerifyAndExplain : AcceptAny,
        ClientCertificateContext = _clientCertificate,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };
}
