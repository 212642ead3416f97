namespace Edge.Http2.Flood;

/// <summary>
/// A token bucket on monotonic timestamps (TimeProvider.GetTimestamp ticks), in integer arithmetic: a
/// token is <c>frequency</c> units and each elapsed tick adds <c>rate</c> units, so an integer rate refills
/// exactly (no drift at the threshold, whatever the clock's frequency). A mutable struct: keep it in a
/// field and call it through that field, never a copy.
/// </summary>
internal struct TokenBucket
{
    private readonly long _unitsPerToken;
    private readonly long _capacityUnits;
    private readonly double _unitsPerTick;
    private long _units;
    private long _last;

    /// <param name="burst">Tokens when full (and at start).</param>
    /// <param name="tokensPerSecond">Refill rate.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <param name="now">The current timestamp.</param>
    public TokenBucket(int burst, double tokensPerSecond, long frequency, long now)
    {
        _unitsPerToken = frequency;
        _capacityUnits = checked(burst * frequency);
        _unitsPerTick = tokensPerSecond;
        _units = _capacityUnits;
        _last = now;
    }

    /// <summary>Whole tokens left (after refilling to <paramref name="now"/>).</summary>
    public long Available(long now)
    {
        Refill(now);
        return _units / _unitsPerToken;
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake(long now)
    {
        Refill(now);
        if (_units < _unitsPerToken)
        {
            return false;
        }

        _units -= _unitsPerToken;
        return true;
    }

    private void Refill(long now)
    {
        long elapsed = now - _last;
        if (elapsed <= 0)
        {
            // Same instant, or a clock that stepped back: nothing to add.
            return;
        }

        _last = now;
        double add = elapsed * _unitsPerTick;
        long room = _capacityUnits - _units;
        _units = add >= room ? _capacityUnits : _units + (long)add;
    }
}
