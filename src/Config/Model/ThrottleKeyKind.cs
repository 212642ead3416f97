namespace Edge.Config.Model;

/// <summary>The parts a throttle key is built from: "api", "resource", "ip", "header:NAME", "query:NAME", "claim:NAME".</summary>
public enum ThrottleKeyKind : byte
{
    Api,
    Resource,
    Ip,
    Header,
    Query,
    Claim,
}
