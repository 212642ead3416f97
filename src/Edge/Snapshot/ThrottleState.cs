using Edge.Throttling;

namespace Edge.Snapshot;

/// <summary>
/// A snapshot's throttle state: the registry of every bucket and table its routes use (the next reload
/// keeps those whose definition did not change), the one clock they all read (carried across reloads so
/// kept buckets keep their meaning), and the tiers. /metrics reads the tables' counters from
/// <see cref="Registry"/>.
/// </summary>
internal sealed class ThrottleState
{
    public required ThrottleStateRegistry Registry { get; init; }

    public required ThrottleClock Clock { get; init; }

    public required TierCatalog Tiers { get; init; }
}
