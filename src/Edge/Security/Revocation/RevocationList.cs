using System.Runtime.CompilerServices;

namespace Edge.Security.Revocation;

/// <summary>
/// Revoked tokens, checked on every JWT request (SECURITY.md case 56).
/// <list type="bullet">
/// <item>By <c>jti</c>: a blocked Bloom filter in front of an exact table of 64-bit fingerprints
/// (<see cref="JtiSet"/>); a filter false positive is settled by the table, so it never refuses a
/// valid token. An entry leaves at the token's <c>exp</c>: <see cref="Sweep"/> tombstones expired
/// entries in place and rebuilds the generation when tombstones pile up.</item>
/// <item>By subject: every token of a <c>sub</c> whose <c>iat</c> is before a cut-off.</item>
/// </list>
/// Readers take no lock and allocate nothing: they read the current generation once. Writers
/// (file load, admin POST, sweep) are serialized by one lock; a new entry applies from the next check.
/// The list is add-only: an entry leaves only when it expires, so a reload never un-revokes a token.
/// </summary>
internal sealed class RevocationList
{
    /// <summary>Rebuild once a quarter of the table is tombstones: they lengthen probes and keep stale filter bits.</summary>
    private const double RebuildTombstoneShare = 0.25;

    private readonly object _writeLock = new();
    private readonly int _initialCapacity;
    private volatile JtiSet _jtis;
    private volatile Dictionary<ulong, SubjectCutoff> _subjects = [];

    /// <param name="expectedTokenIds">Size of the first generation. A batch (file load) resizes to its own
    /// count plus 1/64; single additions grow a full table by half while small, by 1/8 when large.</param>
    public RevocationList(int expectedTokenIds = 1024)
    {
        _initialCapacity = Math.Max(16, expectedTokenIds);
        _jtis = new JtiSet(_initialCapacity);
    }

    /// <summary>The 64-bit fingerprint of a jti or sub (fixed seed: stable across generations and processes).</summary>
    public static ulong Fingerprint(ReadOnlySpan<byte> id) => Hash64.Compute(id, Hash64.FingerprintSeed);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsTokenIdRevoked(ulong jtiFingerprint) => _jtis.Contains(jtiFingerprint);

    public bool IsTokenIdRevoked(ReadOnlySpan<byte> jti) => IsTokenIdRevoked(Fingerprint(jti));

    /// <summary>A token without <c>iat</c> cannot prove it was issued after the cut-off, so it is revoked too.</summary>
    public bool IsSubjectRevoked(ulong subjectFingerprint, bool hasIssuedAt, long issuedAt)
    {
        var subjects = _subjects;
        return subjects.Count != 0 && subjects.TryGetValue(subjectFingerprint, out var cutoff) && (!hasIssuedAt || issuedAt < cutoff.Before);
    }

    /// <summary>Revocation checks made (a token's jti/sub looked up): <c>edge_revocation_checks_total</c>, striped per core.</summary>
    public Edge.Http.StripedCounter Checks { get; } = new();

    public bool IsRevoked(in RevocationCheck check)
    {
        Checks.Increment();
        return (check.HasJti && IsTokenIdRevoked(check.JtiFingerprint)) ||
            (check.HasSubject && IsSubjectRevoked(check.SubjectFingerprint, check.HasIssuedAt, check.IssuedAt));
    }

    public void RevokeTokenId(ReadOnlySpan<byte> jti, long expiresAt)
    {
        var fingerprint = Fingerprint(jti);
        lock (_writeLock)
        {
            var set = _jtis;
            if (set.Table.IsFull && !set.Table.Contains(fingerprint)) set = Rebuild(set, Grown(set.Table.Count + 1));
            set.Add(fingerprint, expiresAt);
        }
    }

    public void RevokeSubject(ReadOnlySpan<byte> subject, long issuedBefore, long dropAfter = long.MaxValue)
    {
        var fingerprint = Fingerprint(subject);
        lock (_writeLock)
        {
            // Copy on write: subject revocations are rare, and readers need a map nobody mutates.
            var next = new Dictionary<ulong, SubjectCutoff>(_subjects);
            next[fingerprint] = next.TryGetValue(fingerprint, out var old)
                ? new SubjectCutoff(Math.Max(old.Before, issuedBefore), Math.Max(old.DropAfter, dropAfter))
                : new SubjectCutoff(issuedBefore, dropAfter);
            _subjects = next;
        }
    }

    /// <summary>Adds a batch (a file load): one lock, one growth, one subject-map copy.</summary>
    public void AddRange(IReadOnlyCollection<RevocationEntry> entries)
    {
        lock (_writeLock)
        {
            // Only ids not already listed need room: reloading the same file must not grow the table.
            var set = _jtis;
            var newIds = 0;
            foreach (var e in entries)
            {
                if (e.Kind == RevocationKind.TokenId && !set.Table.Contains(Fingerprint(e.Id))) newIds++;
            }
            if (set.Table.Count + set.Table.Tombstones + newIds > set.Table.MaxEntries)
                set = Rebuild(set, Sized(set.Table.Count + newIds));
            Dictionary<ulong, SubjectCutoff>? subjects = null;
            foreach (var e in entries)
            {
                if (e.Kind == RevocationKind.TokenId)
                {
                    set.Add(Fingerprint(e.Id), e.Time);
                    continue;
                }
                subjects ??= new Dictionary<ulong, SubjectCutoff>(_subjects);
                var fp = Fingerprint(e.Id);
                subjects[fp] = subjects.TryGetValue(fp, out var old)
                    ? new SubjectCutoff(Math.Max(old.Before, e.Time), Math.Max(old.DropAfter, e.DropAfter))
                    : new SubjectCutoff(e.Time, e.DropAfter);
            }
            if (subjects is not null) _subjects = subjects;
        }
    }

    /// <summary>
    /// Drops entries whose tokens have expired (jti: <c>exp</c> before <paramref name="now"/>; subject:
    /// its drop-after time). Meant for a timer off the request path (every minute is plenty: an
    /// expired token is refused by its <c>exp</c> anyway). Returns how many entries left.
    /// </summary>
    public int Sweep(long now)
    {
        lock (_writeLock)
        {
            var set = _jtis;
            var removed = set.Table.RemoveExpired(now);
            if (set.Table.Tombstones > set.Table.MaxEntries * RebuildTombstoneShare) Rebuild(set, Grown(set.Table.Count));
            var subjects = _subjects;
            var expired = 0;
            foreach (var s in subjects.Values)
            {
                if (s.DropAfter < now) expired++;
            }
            if (expired > 0)
            {
                _subjects = subjects.Where(p => p.Value.DropAfter >= now).ToDictionary(p => p.Key, p => p.Value);
                removed += expired;
            }
            return removed;
        }
    }

    public RevocationStats GetStats()
    {
        var set = _jtis;
        var subjects = _subjects;
        // A Dictionary entry is a 24-byte struct plus a 4-byte bucket (ulong key, 16-byte value).
        var subjectBytes = (long)subjects.Count * 28;
        return new RevocationStats(set.Table.Count, subjects.Count, set.Table.Tombstones, set.Table.MaxEntries,
            set.MemoryBytes + subjectBytes, set.Filter.EstimateFalsePositiveRate());
    }

    /// <summary>
    /// Room after a batch (a file load): the batch's own size plus 1/64 (at least 1,024) for admin additions,
    /// so 1,000,000 ids from a file take ≈ 15.6 MB, not the 1.5× of a doubling-style growth.
    /// </summary>
    private int Sized(int liveEntries) => Capacity(liveEntries, Math.Max(1024, liveEntries / 64));

    /// <summary>
    /// Room after single additions filled the table: half again while small (few rebuilds), 1/8 once
    /// past 65,536 ids, so a large list overshoots by at most 12.5 % (each rebuild copies the live
    /// entries once: with 1/8 growth that is ~8 copies per added id, rare admin calls, off the request path).
    /// </summary>
    private int Grown(int liveEntries) => Capacity(liveEntries, liveEntries <= 65_536 ? liveEntries / 2 : liveEntries / 8);

    private int Capacity(int liveEntries, int headroom) =>
        (int)Math.Min(int.MaxValue / 2, Math.Max(_initialCapacity, (long)liveEntries + Math.Max(16, headroom)));

    /// <summary>A new generation with room for <paramref name="capacity"/> live entries; published in one write.</summary>
    private JtiSet Rebuild(JtiSet old, int capacity)
    {
        var next = new JtiSet(capacity);
        foreach (var (fingerprint, expiresAt) in old.Table.Entries()) next.Add(fingerprint, expiresAt);
        _jtis = next;
        return next;
    }

    private readonly record struct SubjectCutoff(long Before, long DropAfter);
}
