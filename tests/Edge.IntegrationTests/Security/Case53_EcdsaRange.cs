using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 53: an ES256 signature of 64 zero bytes, r = 0, s = 0, r = n, s ≥ n, DER instead of
/// R‖S, 63 or 65 bytes → 401 (CVE-2022-21449 accepted r = s = 0). High-S is a second valid signature
/// and passes: revocation keys on jti, never on signature bytes.
/// </summary>
public sealed class Case53_EcdsaRange
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    private static byte[] Fixed(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var out32 = new byte[32];
        bytes.CopyTo(out32, 32 - bytes.Length);
        return out32;
    }

    private static BigInteger Read(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    [Fact]
    public async Task OutOfRangeOrMisencodedSignatures_Are401_HighSPasses()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var input = JwtKit.B64(JwtKit.Header("ES256", "ec256")) + "." + JwtKit.B64(gateway.Claims());
        var signature = JwtKit.P256.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256);
        var r = signature.AsSpan(0, 32).ToArray();
        var s = signature.AsSpan(32).ToArray();
        string With(byte[] sig) => input + "." + JwtKit.B64(sig);

        await gateway.AssertAcceptedAsync(With(signature), "control");
        await gateway.AssertRefusedAsync(With(new byte[64]), "64 zero bytes (r = s = 0)");
        await gateway.AssertRefusedAsync(With([.. new byte[32], .. s]), "r = 0");
        await gateway.AssertRefusedAsync(With([.. r, .. new byte[32]]), "s = 0");
        await gateway.AssertRefusedAsync(With([.. Fixed(N), .. s]), "r = n");
        await gateway.AssertRefusedAsync(With([.. r, .. Fixed(N)]), "s = n");
        await gateway.AssertRefusedAsync(With([.. r, .. Fixed(Read(s) + N <= BigInteger.Pow(2, 256) - 1 ? Read(s) + N : N + 1)]), "s + n (s ≥ n)");
        await gateway.AssertRefusedAsync(With(JwtKit.P256.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)), "DER");
        await gateway.AssertRefusedAsync(With(signature[..63]), "63 bytes");
        await gateway.AssertRefusedAsync(With([.. signature, 0]), "65 bytes");
        await gateway.AssertRefusedAsync(With([0, .. signature]), "65 bytes, leading zero");
        await gateway.AssertAcceptedAsync(With([.. r, .. Fixed(N - Read(s))]), "high-S twin (n − s)");
    }
}
