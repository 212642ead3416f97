using System.Security.Cryptography;
using System.Text;

namespace Edge.Security.Jwt;

/// <summary>Names and properties of <see cref="JwsAlgorithm"/> values.</summary>
internal static class JwsAlgorithms
{
    /// <summary>
    /// The header's <c>alg</c> (the unescaped JSON string). Names are case-sensitive (RFC 7515 §4.1.1),
    /// except that every case variant of "none" maps to <see cref="JwsAlgorithm.None"/> so "None" and
    /// "NONE" are reported as what they are meant to be: an unsigned token.
    /// </summary>
    public static JwsAlgorithm Parse(ReadOnlySpan<byte> name)
    {
        if (name.Length == 5 && name.SequenceEqual("EdDSA"u8)) return JwsAlgorithm.EdDsa;
        if (name.Length == 4 && Ascii.EqualsIgnoreCase(name, "none"u8)) return JwsAlgorithm.None;
        if (name.Length != 5) return JwsAlgorithm.Unknown;
        var bits = name[2..] switch
        {
            var b when b.SequenceEqual("256"u8) => 0,
            var b when b.SequenceEqual("384"u8) => 1,
            var b when b.SequenceEqual("512"u8) => 2,
            _ => -1,
        };
        if (bits < 0) return JwsAlgorithm.Unknown;
        return name[..2] switch
        {
            var p when p.SequenceEqual("HS"u8) => (JwsAlgorithm)((int)JwsAlgorithm.HS256 + bits),
            var p when p.SequenceEqual("RS"u8) => (JwsAlgorithm)((int)JwsAlgorithm.RS256 + bits),
            var p when p.SequenceEqual("PS"u8) => (JwsAlgorithm)((int)JwsAlgorithm.PS256 + bits),
            var p when p.SequenceEqual("ES"u8) => (JwsAlgorithm)((int)JwsAlgorithm.ES256 + bits),
            _ => JwsAlgorithm.Unknown,
        };
    }

    public static JwsAlgorithm Parse(string name) => Parse(System.Text.Encoding.UTF8.GetBytes(name));

    public static string Name(JwsAlgorithm alg) => alg switch
    {
        JwsAlgorithm.None => "none",
        JwsAlgorithm.EdDsa => "EdDSA",
        JwsAlgorithm.Unknown => "unknown",
        _ => alg.ToString(),
    };

    /// <summary>The hash of the HS*, RS*, PS* and ES* families (RFC 7518 §3.2–3.5).</summary>
    public static HashAlgorithmName Hash(JwsAlgorithm alg) => alg switch
    {
        JwsAlgorithm.HS256 or JwsAlgorithm.RS256 or JwsAlgorithm.PS256 or JwsAlgorithm.ES256 => HashAlgorithmName.SHA256,
        JwsAlgorithm.HS384 or JwsAlgorithm.RS384 or JwsAlgorithm.PS384 or JwsAlgorithm.ES384 => HashAlgorithmName.SHA384,
        JwsAlgorithm.HS512 or JwsAlgorithm.RS512 or JwsAlgorithm.PS512 or JwsAlgorithm.ES512 => HashAlgorithmName.SHA512,
        _ => default,
    };

    public static bool IsHmac(JwsAlgorithm alg) => alg is >= JwsAlgorithm.HS256 and <= JwsAlgorithm.HS512;

    public static bool IsRsa(JwsAlgorithm alg) => alg is >= JwsAlgorithm.RS256 and <= JwsAlgorithm.PS512;

    public static bool IsEcdsa(JwsAlgorithm alg) => alg is >= JwsAlgorithm.ES256 and <= JwsAlgorithm.ES512;
}
