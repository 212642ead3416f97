namespace Edge.Security.Revocation;

/// <summary>
/// One revocation as read from the file or posted to the admin endpoint.
/// </summary>
/// <param name="Id">The <c>jti</c> or <c>sub</c> value, UTF-8, exactly as in the token (unescaped).</param>
/// <param name="Time">TokenId: the token's <c>exp</c> (the entry leaves then). Subject: the cut-off;
/// tokens with <c>iat</c> before it (or without <c>iat</c>) are revoked.</param>
/// <param name="DropAfter">Subject only: when the entry may be forgotten (once every token issued
/// before the cut-off has expired); <see cref="long.MaxValue"/> keeps it.</param>
internal readonly record struct RevocationEntry(RevocationKind Kind, byte[] Id, long Time, long DropAfter = long.MaxValue);
