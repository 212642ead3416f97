using System.Security.Cryptography;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// The three JOSE curves (RFC 7518 §3.4, §6.2.1.1). Each fixes its algorithm (P-256 ⇒ ES256, P-384 ⇒
/// ES384, P-521 ⇒ ES512), its coordinate size, and the group order n that bounds r and s.
/// </summary>
internal sealed class EcCurve
{
    private EcCurve(string name, JwsAlgorithm algorithm, int coordinateBytes, ECCurve curve, string orderHex)
    {
        Name = name;
        Algorithm = algorithm;
        CoordinateBytes = coordinateBytes;
        Curve = curve;
        Order = Convert.FromHexString(orderHex);
        if (Order.Length != coordinateBytes) throw new InvalidOperationException($"{name}: group order is not {coordinateBytes} bytes");
    }

    // Group orders from SEC 2 v2 §2.4.2, §2.5.1, §2.6.1 (FIPS 186-4 D.1.2), big-endian, padded to the coordinate size.
    public static EcCurve P256 { get; } = new("P-256", JwsAlgorithm.ES256, 32, ECCurve.NamedCurves.nistP256,
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    public static EcCurve P384 { get; } = new("P-384", JwsAlgorithm.ES384, 48, ECCurve.NamedCurves.nistP384,
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973");

    public static EcCurve P521 { get; } = new("P-521", JwsAlgorithm.ES512, 66, ECCurve.NamedCurves.nistP521,
        "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409");

    /// <summary>The JWK <c>crv</c> name.</summary>
    public string Name { get; }

    public JwsAlgorithm Algorithm { get; }

    public int CoordinateBytes { get; }

    public ECCurve Curve { get; }

    /// <summary>The group order n, <see cref="CoordinateBytes"/> bytes big-endian.</summary>
    public byte[] Order { get; }

    public static EcCurve? FromName(ReadOnlySpan<byte> crv) =>
        crv.SequenceEqual("P-256"u8) ? P256 : crv.SequenceEqual("P-384"u8) ? P384 : crv.SequenceEqual("P-521"u8) ? P521 : null;

    public static EcCurve? FromKeySize(int bits) => bits switch
    {
        256 => P256,
        384 => P384,
        521 => P521,
        _ => null,
    };

    /// <summary>
    /// 1 ≤ v ≤ n − 1 for a fixed-size big-endian scalar (FIPS 186-4 §6.4.2 step 1). Refusing zero is
    /// the check whose absence let r = s = 0 verify anything (CVE-2022-21449, "psychic signatures").
    /// </summary>
    public bool IsValidScalar(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAnyExcept((byte)0) < 0) return false;
        return value.SequenceCompareTo(Order) < 0;
    }
}
