namespace Edge.Security.Jwt;

/// <summary>
/// A compact JWS taken apart (RFC 7515 §5.2 steps 1–4): split into exactly three parts, each
/// decoded as strict base64url, and the header parsed. Everything lives in the caller's buffer.
/// </summary>
internal ref struct DecodedJws
{
    public JwtHeader Header;

    /// <summary>ASCII(BASE64URL(header) '.' BASE64URL(payload)): what the signature covers.</summary>
    public ReadOnlySpan<byte> SigningInput;

    public ReadOnlySpan<byte> Payload;

    public ReadOnlySpan<byte> Signature;

    /// <summary>Room for the payload's unescaped strings (as long as the payload).</summary>
    public Span<byte> PayloadScratch;

    /// <summary>The buffer <see cref="TryDecode"/> needs for a token of this length.</summary>
    public static int BufferSize(int tokenLength) => 2 * tokenLength;

    /// <summary>
    /// <see cref="JwtValidationResult.Malformed"/> for anything but three canonical base64url parts and
    /// a JSON-object header; then <see cref="JwtValidationResult.AlgorithmNone"/> for "none" in any
    /// case and <see cref="JwtValidationResult.UnsupportedAlgorithm"/> for an unknown <c>alg</c>.
    /// </summary>
    public static JwtValidationResult TryDecode(ReadOnlySpan<byte> token, Span<byte> buffer, out DecodedJws jws)
    {
        jws = default;
        if (!JwsSegments.TrySplit(token, out var parts)) return JwtValidationResult.Malformed;
        var encodedHeader = token[parts.Header];
        var encodedPayload = token[parts.Payload];
        var encodedSignature = token[parts.Signature];

        var header = buffer[..Base64UrlStrict.MaxDecodedLength(encodedHeader.Length)];
        var rest = buffer[header.Length..];
        if (!Base64UrlStrict.TryDecode(encodedHeader, header, out var headerLength)) return JwtValidationResult.Malformed;
        var payload = rest[..Base64UrlStrict.MaxDecodedLength(encodedPayload.Length)];
        rest = rest[payload.Length..];
        if (!Base64UrlStrict.TryDecode(encodedPayload, payload, out var payloadLength)) return JwtValidationResult.Malformed;
        var signature = rest[..Base64UrlStrict.MaxDecodedLength(encodedSignature.Length)];
        rest = rest[signature.Length..];
        if (!Base64UrlStrict.TryDecode(encodedSignature, signature, out var signatureLength)) return JwtValidationResult.Malformed;

        var headerScratch = rest[..headerLength];
        if (!JwtHeader.TryRead(header[..headerLength], headerScratch, out jws.Header)) return JwtValidationResult.Malformed;
        if (jws.Header.Algorithm == JwsAlgorithm.None) return JwtValidationResult.AlgorithmNone;
        if (jws.Header.Algorithm == JwsAlgorithm.Unknown) return JwtValidationResult.UnsupportedAlgorithm;
        jws.SigningInput = token[parts.SigningInput];
        jws.Payload = payload[..payloadLength];
        jws.Signature = signature[..signatureLength];
        jws.PayloadScratch = rest[headerLength..][..payloadLength];
        return JwtValidationResult.Valid;
    }
}
