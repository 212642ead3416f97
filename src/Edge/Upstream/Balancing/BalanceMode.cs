namespace Edge.Upstream.Balancing;

/// <summary>The balancing policy of a cluster (mirrors the config's <c>balance</c> without referencing Edge.Config).</summary>
internal enum BalanceMode : byte
{
    RoundRobin,
    LeastRequests,
    RandomTwo,
}
