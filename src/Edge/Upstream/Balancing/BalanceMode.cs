namespace Edge.Upstream.Balancing;

/// <summary>The balancing policy of a cluster (mirrors the config's <c>balance</c>; Upstream must not reference the config assembly).</summary>
internal enum BalanceMode : byte
{
    RoundRobin,
    LeastRequests,
    RandomTwo,
}
