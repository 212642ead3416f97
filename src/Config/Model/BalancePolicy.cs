namespace Edge.Config.Model;

/// <summary><c>balance = "round_robin" | "least_requests" | "random_two"</c> (power of two choices).</summary>
public enum BalancePolicy : byte
{
    RoundRobin,
    LeastRequests,
    RandomTwo,
}
