namespace Edge.Config.Model;

/// <summary>Where an API key is read from: a header, and optionally a query parameter.</summary>
public sealed record ApiKeyLocation(string Header, string? Query)
{
    public static ApiKeyLocation Default { get; } = new("apikey", null);
}
