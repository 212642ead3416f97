using System.Text;
using Edge.Security.Jwt.Keys;

namespace Edge.Security.Jwt;

/// <summary>
/// One trusted issuer (<c>[[auth.jwt.issuers]]</c>): its exact <c>iss</c>, its keys, the audiences a
/// token must name (none configured: <c>aud</c> is not checked) and the <c>typ</c> it must carry.
/// A token is checked only against the keys of the issuer its <c>iss</c> names, so issuer A's token
/// signed with issuer B's key never verifies (SECURITY.md case 52).
/// </summary>
internal sealed class JwtIssuer
{
    /// <param name="algorithms">The issuer's <c>algorithms = [...]</c>; null or empty: whatever its keys allow.</param>
    public JwtIssuer(string name, string issuer, JwtKeySet keys, IReadOnlyList<string>? audiences = null, string? type = null,
        IReadOnlyCollection<JwsAlgorithm>? algorithms = null)
    {
        Name = name;
        Issuer = issuer;
        IssuerUtf8 = Encoding.UTF8.GetBytes(issuer);
        Keys = keys;
        Audiences = audiences is null ? [] : [.. audiences.Select(Encoding.UTF8.GetBytes)];
        Type = type is null ? null : Encoding.UTF8.GetBytes(StripApplicationPrefix(type));
        Algorithms = algorithms is { Count: > 0 } ? JwsAlgorithmSet.Of([.. algorithms]) : null;
    }

    /// <summary>
    /// The issuer's own algorithm list, or null when only its keys limit the algorithm. Checked on the
    /// header's <c>alg</c> before the key is looked up, so a token in a refused algorithm costs no
    /// signature work (RFC 8725 §3.1).
    /// </summary>
    public JwsAlgorithmSet? Algorithms { get; }

    /// <summary>The issuer's list (if any) allows <paramref name="alg"/>; its keys must still allow it too.</summary>
    public bool AllowsAlgorithm(JwsAlgorithm alg) => Algorithms is not { } set || set.Contains(alg);

    /// <summary>Display name for logs and metrics.</summary>
    public string Name { get; }

    /// <summary>The <c>iss</c> value, compared byte for byte (RFC 7519 §4.1.1: case-sensitive).</summary>
    public string Issuer { get; }

    public byte[] IssuerUtf8 { get; }

    public JwtKeySet Keys { get; }

    public byte[][] Audiences { get; }

    /// <summary>Expected <c>typ</c> without an "application/" prefix, or null for "any or none".</summary>
    public byte[]? Type { get; }

    /// <summary>
    /// RFC 7515 §4.1.9: <c>typ</c> is a media type, compared case-insensitively, and "application/"
    /// may be left out ("JWT" = "application/jwt"; RFC 8725 §3.11 "at+jwt" = "application/at+jwt").
    /// </summary>
    public bool AcceptsType(ReadOnlySpan<byte> typ, bool hasTyp)
    {
        if (Type is null) return true;
        if (!hasTyp) return false;
        if (typ.Length > 12 && Ascii.EqualsIgnoreCase(typ[..12], "application/"u8)) typ = typ[12..];
        return Ascii.EqualsIgnoreCase(typ, Type);
    }

    private static string StripApplicationPrefix(string type) =>
        type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? type[12..] : type;
}
