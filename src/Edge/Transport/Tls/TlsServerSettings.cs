using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Transport.Tls;

/// <summary>
/// Everything a TLS listener needs for one handshake, built once per config load and immutable after:
/// the handshake options per certificate (the certificate context with its intermediates, ALPN list,
/// protocol and cipher policy, client-certificate policy), found by SNI through an exact-then-wildcard
/// map, with the default certificate for clients whose name matches nothing or who send none. A reload
/// builds a new instance and swaps it into <see cref="TlsListenerState"/>; handshakes in progress keep
/// the one they started with.
/// </summary>
internal sealed class TlsServerSettings
{
    private readonly SniMap<SslServerAuthenticationOptions> _byName;
    private readonly SslServerAuthenticationOptions? _default;

    private TlsServerSettings(SniMap<SslServerAuthenticationOptions> byName, SslServerAuthenticationOptions? fallback,
        ClientCertificatePolicy clientAuth, IReadOnlyList<SslApplicationProtocol> protocols, string materialHash)
    {
        _byName = byName;
        _default = fallback;
        ClientAuth = clientAuth;
        ApplicationProtocols = protocols;
        MaterialHash = materialHash;
    }

    public ClientCertificatePolicy ClientAuth { get; }

    /// <summary>ALPN protocol ids offered, in the listener's preference order.</summary>
    public IReadOnlyList<SslApplicationProtocol> ApplicationProtocols { get; }

    /// <summary>SHA-256 over every certificate, key and CA file read (hex), to tell a reload whether the material changed.</summary>
    public string MaterialHash { get; }

    public bool HasDefault => _default is not null;

    /// <summary>
    /// Builds the handshake options. <paramref name="named"/> pairs each SNI host pattern with its
    /// certificate; several patterns may share one certificate (one context is built per certificate).
    /// </summary>
    public static TlsServerSettings Create(CertificateWithChain? fallback, IReadOnlyList<(string Pattern, CertificateWithChain Certificate)> named,
        ClientCertificatePolicy clientAuth, IReadOnlyList<SslApplicationProtocol> protocols, string materialHash)
    {
        var alpn = protocols.ToList();
        // The client CA names go into the CertificateRequest so a client with several certificates
        // (curl, browsers) offers one this listener can verify.
        var trust = clientAuth.Authorities is { } cas && OperatingSystem.IsLinux()
            ? SslCertificateTrust.CreateForX509Collection(cas, sendTrustInHandshake: true)
            : null;
        var built = new Dictionary<CertificateWithChain, SslServerAuthenticationOptions>(ReferenceEqualityComparer.Instance);
        var byName = new SniMap<SslServerAuthenticationOptions>();
        foreach (var (pattern, certificate) in named)
        {
            if (!built.TryGetValue(certificate, out var options)) built[certificate] = options = Options(certificate, clientAuth, alpn, trust);
            byName.TryAdd(pattern, options);
        }
        var fallbackOptions = fallback is null ? null : Options(fallback, clientAuth, alpn, trust);
        return new TlsServerSettings(byName, fallbackOptions, clientAuth, alpn, materialHash);
    }

    /// <summary>The options for <paramref name="serverName"/> (SNI; null when the client sent none), or null when no certificate covers it.</summary>
    public SslServerAuthenticationOptions? Select(string? serverName) => _byName.Match(serverName) ?? _default;

    private static SslServerAuthenticationOptions Options(CertificateWithChain certificate, ClientCertificatePolicy clientAuth,
        List<SslApplicationProtocol> alpn, SslCertificateTrust? trust) => new()
    {
        // offline: never fetch missing intermediates (AIA) or OCSP responses from the network at load.
        ServerCertificateContext = SslStreamCertificateContext.Create(certificate.Leaf, certificate.Intermediates, offline: true, trust),
        EnabledSslProtocols = TlsPolicy.Protocols,
        ApplicationProtocols = alpn,
        // Renegotiation is a DoS lever and unneeded: TLS 1.3 dropped it, client certificates come in the first handshake.
        AllowRenegotiation = false,
        ClientCertificateRequired = clientAuth.Mode != TlsClientAuth.None,
        CertificateChainPolicy = clientAuth.ChainPolicy,
        RemoteCertificateValidationCallback = clientAuth.Callback,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
