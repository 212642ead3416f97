namespace Edge.Config.Model;

/// <summary>A listener's <c>tls</c> table: a default certificate, optional SNI certificates, and client auth.</summary>
public sealed record ListenerTlsConfig(
    string? Cert,
    string? Key,
    ClientAuthMode ClientAuth,
    string? ClientCa,
    ValueList<SniCertificateConfig> Certificates);
