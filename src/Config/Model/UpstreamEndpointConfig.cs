namespace Edge.Config.Model;

/// <summary>An endpoint and its relative weight (1..1000).</summary>
public sealed record UpstreamEndpointConfig(UpstreamUrl Url, int Weight);
