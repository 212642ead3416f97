namespace Edge.Config.Model;

/// <summary>One part of a throttle key ("claim:sub"); <paramref name="Name"/> is set for header, query and claim.</summary>
public sealed record ThrottleKeyPart(ThrottleKeyKind Kind, string? Name);
