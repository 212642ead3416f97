namespace Edge.Security.Revocation;

/// <summary>
/// One generation of revoked token ids: the Bloom filter in front of the exact table, both sized for
/// the same number of entries. Replaced as a whole when it fills up or has too many tombstones
/// (Bloom filters cannot delete), so readers always see one consistent pair.
/// </summary>
internal sealed class JtiSet
{
    public JtiSet(int maxEntries)
    {
        Filter = new BlockedBloomFilter(maxEntries);
        Table = new FingerprintTable(maxEntries);
    }

    public BlockedBloomFilter Filter { get; }

    public FingerprintTable Table { get; }

    public long MemoryBytes => Filter.MemoryBytes + Table.MemoryBytes;

    /// <summary>The hot path: one cache line for ~99 % of tokens, a short probe for the rest.</summary>
    public bool Contains(ulong fingerprint) => Filter.MayContain(fingerprint) && Table.Contains(fingerprint);

    /// <summary>Table first, filter second: once the filter says "maybe", the entry is findable.</summary>
    public void Add(ulong fingerprint, long expiresAt)
    {
        Table.Add(fingerprint, expiresAt);
        Filter.Add(fingerprint);
    }
}
