namespace Edge.Config.Model;

/// <summary>An ordered name/value pair (headers, claim-to-header maps).</summary>
public sealed record NameValue(string Name, string Value);
