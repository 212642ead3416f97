namespace Edge.Config.Model;

/// <summary>A listener's <c>tls</c> table: a default certificate, optional SNI certificates, and client auth.</summary>
public sealed record ListenerTlsConfig(
    string? Cert,
    string? Key,
    ClientAuthMode ClientAuth,
    string? ClientCa,
    ValueList<SniCertificateConfig> Certificates);

/// <summary>A certificate served when the client's SNI matches one of <paramref name="Hosts"/>.</summary>
public sealed record SniCertificateConfig(string Cert, string Key, ValueList<string> Hosts);
