using System.Net.Security;
using System.Security.Authentication;

namespace Edge.Transport.Tls;

/// <summary>
/// The protocol and cipher policy, not configurable on purpose: one modern policy that needs no tuning
/// (Mozilla's "intermediate" profile).
/// </summary>
/// <remarks>
/// The suites are checked after the handshake (<see cref="IsAllowed"/>) rather than handed to
/// SslStream as a <see cref="CipherSuitesPolicy"/>: with a policy set, the runtime neither caches its
/// OpenSSL context per certificate nor resumes sessions (measured: a TLS 1.2 reconnect cost 1.14 ms of
/// CPU as a full handshake instead of 0.50 ms resumed; docs/tls.md, "Cost"). OpenSSL's default list
/// puts AEAD suites first and modern clients prefer them, so the check only ever turns away clients
/// that can do nothing better than CBC or static-RSA key exchange.
/// </remarks>
internal static class TlsPolicy
{
    /// <summary>TLS 1.2 and 1.3 only: 1.0 and 1.1 are deprecated (RFC 8996), SSL 3 long gone.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// True for the suites Edge serves: every TLS 1.3 suite (all are AEAD with forward secrecy), and
    /// TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305 — no CBC, no static RSA key exchange, no DHE.
    /// </summary>
    public static bool IsAllowed(SslProtocols protocol, TlsCipherSuite suite) => protocol == SslProtocols.Tls13 || suite is
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 or
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 or
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 or
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
}
