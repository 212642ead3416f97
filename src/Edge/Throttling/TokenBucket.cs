namespace Edge.Throttling;

/// <summary>
/// A single bucket that is not keyed (an API- or resource-wide limit): one state word and its limit.
/// Safe for any number of threads; see <see cref="TokenBucketMath"/>.
/// </summary>
internal sealed class TokenBucket
{
    // A one-cell array so a standalone bucket and a table's bucket share one handle type.
    private readonly BucketCell[] _cells = new BucketCell[1];

    public TokenBucket(ThrottleLimit limit) => Limit = limit;

    public ThrottleLimit Limit { get; }

    public bool TryTake(long nowMicros, out BucketReading reading) => TokenBucketMath.TryTake(ref _cells[0].State, Limit, nowMicros, out reading);

    public bool TryTake(long nowMicros) => TokenBucketMath.TryTake(ref _cells[0].State, Limit, nowMicros, out _);

    public bool Peek(long nowMicros, out BucketReading reading) => TokenBucketMath.Peek(ref _cells[0].State, Limit, nowMicros, out reading);

    public void Refund(long nowMicros) => TokenBucketMath.Refund(ref _cells[0].State, Limit, nowMicros);

    /// <summary>The handle the multi-limit protocol works on.</summary>
    public BucketHandle Handle => new(this);

    internal BucketCell[] Cells => _cells;
}
