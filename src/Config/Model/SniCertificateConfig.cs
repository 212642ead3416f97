namespace Edge.Config.Model;

/// <summary>A certificate served when the client's SNI matches one of <paramref name="Hosts"/>.</summary>
public sealed record SniCertificateConfig(string Cert, string Key, ValueList<string> Hosts);
