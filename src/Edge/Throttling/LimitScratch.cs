using System.Runtime.CompilerServices;

namespace Edge.Throttling;

/// <summary>
/// Stack space for the handles of one request's limits. Handles hold references, so they cannot be
/// stackalloc'd; an inline array in a local gives the same: <c>var handles = new LimitHandles();</c> then
/// <c>handles[..count]</c> is a <see cref="Span{T}"/> with no allocation.
/// </summary>
[InlineArray(LimitChain.MaxLimits)]
internal struct LimitHandles
{
    private BucketHandle _first;
}

/// <summary>Stack space for the readings of one request's limits (see <see cref="LimitHandles"/>).</summary>
[InlineArray(LimitChain.MaxLimits)]
internal struct LimitReadings
{
    private BucketReading _first;
}

/// <summary>Stack space for the statuses of one request's limits, for the RateLimit fields (see <see cref="LimitHandles"/>).</summary>
[InlineArray(LimitChain.MaxLimits)]
internal struct LimitStatuses
{
    private LimitStatus _first;
}
