namespace Edge.Throttling;

/// <summary>
/// The bounds of one <see cref="KeyedBucketTable"/>: at most <see cref="MaxKeys"/> keys and, for their
/// bytes, <see cref="KeyBytesPerKey"/> × MaxKeys of arena. Both are hard: a flood of unique keys evicts,
/// it never grows the table past them.
/// </summary>
/// <param name="MaxKeys">Most keys held (config <c>[throttle] max_keys</c>, default 100,000).</param>
/// <param name="KeyBytesPerKey">Average arena bytes budgeted per key, including an 8-byte record header.
/// 64 holds an IP key (18 B), a UUID subject (38 B) or a 40-character API key with room to spare.</param>
internal sealed record BucketTableOptions(int MaxKeys, int KeyBytesPerKey = 64)
{
    /// <summary>Keys longer than this are stored as their SHA-256 digest (collision-resistant, so two keys
    /// never share a bucket by accident or by an attacker's design).</summary>
    public const int MaxStoredKeyBytes = 256;

    public static BucketTableOptions Default { get; } = new(100_000);

    public void Validate()
    {
        if (MaxKeys is < 1 or > 100_000_000) throw new ArgumentOutOfRangeException(nameof(MaxKeys), MaxKeys, "expected 1 to 100,000,000 (the config's bound)");
        if (KeyBytesPerKey is < 16 or > 4096) throw new ArgumentOutOfRangeException(nameof(KeyBytesPerKey), KeyBytesPerKey, "expected 16 to 4096");
    }
}
