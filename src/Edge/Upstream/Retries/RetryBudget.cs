namespace Edge.Upstream.Retries;

/// <summary>
/// Bounds retries to a share of the requests live on a cluster, so that when an upstream degrades,
/// retries cannot multiply its load (Envoy's retry budget shape): a retry may start only while the
/// retries in flight stay under max(<see cref="MinConcurrency"/>, budget × requests in flight).
/// The floor lets a lightly loaded cluster (one client, sequential requests) still retry.
/// Only the retry path touches this (two Interlocked ops); the first attempt of a request never does.
/// </summary>
internal sealed class RetryBudget
{
    /// <summary>Retries always allowed in flight regardless of traffic (Envoy's default min_retry_concurrency).</summary>
    public const int MinConcurrency = 3;

    private readonly double _budget;
    private int _inFlight;
    private long _started;
    private long _refused;

    public RetryBudget(double budget) => _budget = Math.Clamp(budget, 0, 1);

    /// <summary>Retries started since the cluster was built (for metrics).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Retries that were wanted but refused because the budget was spent (for metrics).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Claims a retry slot given the requests live on the cluster; pair a true result with <see cref="End"/>.</summary>
    public bool TryBegin(int liveRequests)
    {
        var limit = Math.Max(MinConcurrency, (int)(_budget * Math.Max(0, liveRequests)));
        if (Interlocked.Increment(ref _inFlight) > limit)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _refused);
            return false;
        }
        Interlocked.Increment(ref _started);
        return true;
    }

    public void End() => Interlocked.Decrement(ref _inFlight);
}
