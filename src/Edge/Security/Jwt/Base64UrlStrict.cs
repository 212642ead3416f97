using System.Buffers;
using System.Buffers.Text;

namespace Edge.Security.Jwt;

/// <summary>
/// base64url without padding, strictly (RFC 7515 §2 and Appendix C): only A–Z a–z 0–9 '-' '_'. The
/// BCL decoder also skips whitespace and accepts '=' padding, so the alphabet is checked first (one
/// vectorized scan); the decoder then refuses non-canonical trailing bits, so each byte string has
/// exactly one accepted encoding.
/// </summary>
internal static class Base64UrlStrict
{
    private static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    public static int MaxDecodedLength(int encodedLength) => encodedLength / 4 * 3 + (encodedLength % 4) * 3 / 4;

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxDecodedLength"/> bytes); false for anything but canonical unpadded base64url.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        if (encoded.Length % 4 == 1 || encoded.IndexOfAnyExcept(Alphabet) >= 0) return false;
        var status = Base64Url.DecodeFromUtf8(encoded, destination, out var consumed, out written);
        return status == OperationStatus.Done && consumed == encoded.Length;
    }
}
