namespace Edge.Upstream.Balancing;

/// <summary>Builds the balancer for a mode; called at compile time, never per request.</summary>
internal static class BalancerFactory
{
    public static IBalancer Create(BalanceMode mode, UpstreamEndpoint[] endpoints, Random? random = null) => mode switch
    {
        BalanceMode.LeastRequests => new LeastRequestsBalancer(endpoints),
        BalanceMode.RandomTwo => new RandomTwoBalancer(endpoints, random ?? Random.Shared),
        _ => new RoundRobinBalancer(endpoints),
    };
}
