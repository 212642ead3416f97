namespace Edge.Observability.Correlation;

/// <summary>
/// The W3C Trace Context <c>traceparent</c> field (https://www.w3.org/TR/trace-context/ §3.2):
/// <code>
///   version "-" trace-id "-" parent-id "-" trace-flags
///   00      -   32 hex   -   16 hex    -   2 hex          (55 bytes, lower-case hex only)
/// </code>
/// Parsing follows §3.2.2 and §4.3 (processing model): version <c>ff</c> is invalid; version 00 must be
/// exactly 55 bytes; a higher (future) version is read as 00 when it is at least 55 bytes and byte 55,
/// if present, is '-'; an all-zero trace-id or parent-id is invalid. Anything invalid means "start a new
/// trace" — never an error to the client.
/// </summary>
internal static class TraceParent
{
    public const int Length = 55;

    /// <summary>The sampled flag (§3.2.2.5), the only flag of version 00 Edge passes on.</summary>
    public const byte Sampled = 0x01;

    /// <summary>Reads a traceparent value; on success <paramref name="traceId"/> is its 32 hex digits (a slice of <paramref name="value"/>).</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> traceId, out ReadOnlySpan<byte> parentId, out byte flags)
    {
        traceId = default;
        parentId = default;
        flags = 0;
        if (value.Length < Length) return false;
        var version = value[..2];
        if (!HexDigits.IsLowerHex(version) || version.SequenceEqual("ff"u8)) return false;
        var isZero = version.SequenceEqual("00"u8);
        // §3.2.4: version 00 has exactly this shape; a future version may append "-" and more fields.
        if (isZero ? value.Length != Length : value.Length > Length && value[Length] != (byte)'-') return false;
        if (value[2] != (byte)'-' || value[35] != (byte)'-' || value[52] != (byte)'-') return false;
        var trace = value.Slice(3, 32);
        var parent = value.Slice(36, 16);
        var flagText = value.Slice(53, 2);
        if (!HexDigits.IsLowerHex(trace) || !HexDigits.IsLowerHex(parent) || !HexDigits.IsLowerHex(flagText)) return false;
        if (HexDigits.IsAllZero(trace) || HexDigits.IsAllZero(parent)) return false;
        traceId = trace;
        parentId = parent;
        flags = (byte)(HexDigits.Value(flagText[0]) << 4 | HexDigits.Value(flagText[1]));
        return true;
    }

    /// <summary>Writes <c>00-{traceId}-{spanId}-{flags}</c> (55 bytes) from hex digits already validated or generated.</summary>
    public static void Write(ReadOnlySpan<byte> traceIdHex, ReadOnlySpan<byte> spanIdHex, byte flags, Span<byte> destination)
    {
        "00-"u8.CopyTo(destination);
        traceIdHex.CopyTo(destination[3..]);
        destination[35] = (byte)'-';
        spanIdHex.CopyTo(destination[36..]);
        destination[52] = (byte)'-';
        Span<byte> f = [flags];
        HexDigits.Write(f, destination[53..]);
    }

    /// <summary>Random, non-zero ids as hex (§3.2.2.3, §3.2.2.4: all zeros is invalid).</summary>
    public static void NewId(Span<byte> hexDestination)
    {
        Span<byte> random = stackalloc byte[hexDestination.Length / 2];
        Random.Shared.NextBytes(random);
        NewId(random, hexDestination);
    }

    /// <summary>An id from random bytes the caller drew; all zeros (chance 2^-64 or less) becomes …01, never invalid.</summary>
    public static void NewId(Span<byte> random, Span<byte> hexDestination)
    {
        if (!random.ContainsAnyExcept((byte)0)) random[^1] = 1;
        HexDigits.Write(random, hexDestination);
    }

    /// <summary>The trace-id digits of a traceparent Edge wrote.</summary>
    public static ReadOnlySpan<byte> TraceIdOf(ReadOnlySpan<byte> traceParent) => traceParent.Slice(3, 32);

    /// <summary>The parent-id (Edge's span) digits of a traceparent Edge wrote.</summary>
    public static ReadOnlySpan<byte> SpanIdOf(ReadOnlySpan<byte> traceParent) => traceParent.Slice(36, 16);
}
