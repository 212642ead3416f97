using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Edge.Security.Basic;

/// <summary>
/// The <c>Authorization: Basic</c> value (RFC 7617): the scheme (case-insensitive, RFC 9110 §11.1),
/// one or more spaces, then base64 of <c>user-id ":" password</c>. Decodes into the caller's buffer.
/// </summary>
internal static class BasicCredentials
{
    /// <summary>Longer credentials are refused before decoding.</summary>
    public const int MaxEncodedBytes = 4096;

    private static readonly SearchValues<byte> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    /// <summary>Room needed in the decode buffer for a header value of this length.</summary>
    public static int DecodedSize(int headerValueLength) => Math.Max(0, headerValueLength) / 4 * 3 + 3;

    /// <param name="decoded">At least <see cref="DecodedSize"/> bytes.</param>
    /// <param name="length">Bytes of <c>user:password</c> decoded into <paramref name="decoded"/> (the whole pair: the credential cache keys on it).</param>
    /// <param name="colon">Where the user-id ends and the password (after the colon) begins.</param>
    public static bool TryParse(ReadOnlySpan<byte> headerValue, Span<byte> decoded, out int length, out int colon)
    {
        length = colon = 0;
        if (headerValue.Length < 7 || !Ascii.EqualsIgnoreCase(headerValue[..5], "Basic"u8) || headerValue[5] != (byte)' ') return false;
        var encoded = headerValue[6..].TrimStart((byte)' ').TrimEnd((byte)' ');
        if (encoded.IsEmpty || encoded.Length > MaxEncodedBytes || encoded.Length % 4 != 0 || encoded.IndexOfAnyExcept(Base64Chars) >= 0) return false;
        if (Base64.DecodeFromUtf8(encoded, decoded, out _, out length) != OperationStatus.Done) return false;
        colon = decoded[..length].IndexOf((byte)':');
        // RFC 7617 §2: the user-id cannot contain a colon; an empty user-id is not a user.
        return colon > 0;
    }
}
