using Edge.Http;

namespace Edge.Observability.Metrics;

/// <summary>
/// Process-wide counters that code below the server reaches without plumbing (like
/// <c>PolicyCounters</c>): exported by every server's <c>/metrics</c>.
/// </summary>
internal static class GatewayCounters
{
    /// <summary>
    /// Requests refused by throttling (429, fault 900800): <c>edge_throttled_total</c>. The hook for the
    /// throttle policy: call <c>GatewayCounters.Throttled.Increment()</c> where it answers 429 (in
    /// src/Edge/Policies, next to where the verdict becomes the 900800 fault).
    /// </summary>
    public static StripedCounter Throttled { get; } = new();
}
