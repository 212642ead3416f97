namespace Edge.Config.Model;

/// <param name="Sha256">Lower-case hex SHA-256 of the key; the key itself never appears in config.</param>
public sealed record ApiKeyConfig(string Name, string Sha256);
