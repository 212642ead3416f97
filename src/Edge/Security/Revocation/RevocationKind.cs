namespace Edge.Security.Revocation;

internal enum RevocationKind : byte
{
    /// <summary>One token, by its <c>jti</c>, until the token's <c>exp</c>.</summary>
    TokenId,

    /// <summary>Every token of a <c>sub</c> issued before a time (<c>iat</c> &lt; before).</summary>
    Subject,
}
