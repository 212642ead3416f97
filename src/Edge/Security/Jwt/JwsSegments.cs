namespace Edge.Security.Jwt;

/// <summary>
/// The three parts of a compact JWS, as ranges of the token (RFC 7515 §7.1):
/// <c>BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)</c>. The signing input is
/// everything before the second dot.
/// </summary>
internal readonly struct JwsSegments
{
    private readonly int _firstDot;
    private readonly int _secondDot;
    private readonly int _length;

    private JwsSegments(int firstDot, int secondDot, int length)
    {
        _firstDot = firstDot;
        _secondDot = secondDot;
        _length = length;
    }

    public Range Header => new(0, _firstDot);

    public Range Payload => new(_firstDot + 1, _secondDot);

    public Range Signature => new(_secondDot + 1, _length);

    public Range SigningInput => new(0, _secondDot);

    /// <summary>
    /// Exactly two dots, non-empty header and payload. Five parts (JWE) and detached content
    /// (an empty payload, RFC 7515 Appendix F) are refused; an empty signature is left for the
    /// algorithm checks so "alg":"none" is reported as such rather than as malformed.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> token, out JwsSegments segments)
    {
        segments = default;
        var first = token.IndexOf((byte)'.');
        if (first <= 0) return false;
        var rest = token[(first + 1)..];
        var second = rest.IndexOf((byte)'.');
        if (second <= 0) return false;
        second += first + 1;
        if (token[(second + 1)..].Contains((byte)'.')) return false;
        segments = new JwsSegments(first, second, token.Length);
        return true;
    }
}
