namespace Edge.Security.Revocation;

/// <summary>
/// What a revocation check needs from a verified token, computed once when the token is verified and
/// kept with it in the cache, so a cached token's check hashes nothing.
/// </summary>
internal readonly record struct RevocationCheck(
    ulong JtiFingerprint,
    bool HasJti,
    ulong SubjectFingerprint,
    bool HasSubject,
    long IssuedAt,
    bool HasIssuedAt)
{
    public static RevocationCheck For(ReadOnlySpan<byte> jti, bool hasJti, ReadOnlySpan<byte> subject, bool hasSubject, long issuedAt, bool hasIssuedAt) =>
        new(hasJti ? RevocationList.Fingerprint(jti) : 0, hasJti,
            hasSubject ? RevocationList.Fingerprint(subject) : 0, hasSubject,
            issuedAt, hasIssuedAt);
}
