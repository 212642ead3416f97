using System.Buffers;
using Edge.Security.Jwt.Keys;

namespace Edge.Security.Jwt;

/// <summary>
/// The JWS layer alone: structure, algorithm policy and signature, no claims. A JWT validation is
/// this plus <see cref="JwtValidator"/>'s claim checks; the conformance vectors test this layer.
/// </summary>
internal static class JwsVerifier
{
    public static JwtValidationResult Verify(ReadOnlySpan<byte> token, JwtKeySet keys, int maxTokenBytes = JwtValidatorOptions.MaxTokenBytesLimit)
    {
        if (token.Length > maxTokenBytes) return JwtValidationResult.TooLarge;
        var buffer = ArrayPool<byte>.Shared.Rent(DecodedJws.BufferSize(token.Length));
        try
        {
            var result = DecodedJws.TryDecode(token, buffer, out var jws);
            if (result != JwtValidationResult.Valid) return result;
            result = JwsKeySelector.Select(jws.Header, keys, out var key);
            if (result != JwtValidationResult.Valid) return result;
            return key!.Verify(jws.Header.Algorithm, jws.SigningInput, jws.Signature) ? JwtValidationResult.Valid : JwtValidationResult.BadSignature;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
