namespace Edge.Security.Revocation;

/// <summary>What /metrics and the admin endpoint show about the revocation list.</summary>
/// <param name="MemoryBytes">Bytes held by the filter, the table and the subject map (the structures' own accounting).</param>
/// <param name="EstimatedFalsePositiveRate">Share of unrevoked ids that pass the Bloom filter and need a table probe.</param>
internal readonly record struct RevocationStats(
    int TokenIds,
    int Subjects,
    int Tombstones,
    int Capacity,
    long MemoryBytes,
    double EstimatedFalsePositiveRate);
