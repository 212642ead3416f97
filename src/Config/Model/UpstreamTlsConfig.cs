namespace Edge.Config.Model;

/// <summary>TLS towards an upstream: trust (<c>Ca</c>, <c>Verify</c>), client certificate, and SNI override.</summary>
public sealed record UpstreamTlsConfig(string? Ca, string? Cert, string? Key, string? Sni, bool Verify);
