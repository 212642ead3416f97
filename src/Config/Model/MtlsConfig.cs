namespace Edge.Config.Model;

/// <summary>Client-certificate identities allowed by an API (subjects and/or SHA-256 fingerprints).</summary>
public sealed record MtlsConfig(ValueList<string> Subjects, ValueList<string> Fingerprints);
