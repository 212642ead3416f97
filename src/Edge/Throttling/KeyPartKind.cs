namespace Edge.Throttling;

/// <summary>
/// What a throttle key is built from (config <c>key = "claim:sub+ip"</c>; the WSO2 "advanced throttling"
/// conditions). The values are the tags written into key bytes, so they must never be renumbered.
/// </summary>
internal enum KeyPartKind : byte
{
    Api = 1,
    Resource = 2,
    Ip = 3,
    Header = 4,
    Query = 5,
    Claim = 6,
}
