using Edge.Http;

namespace Edge.Observability.Correlation;

/// <summary>
/// The <c>X-Request-Id</c> rule: a client's id is kept when it is one field of 1 to
/// <see cref="RequestCorrelation.MaxRequestIdBytes"/> bytes from a safe set (letters, digits and
/// <c>- . _ ~ : + / = @</c>: UUIDs, ULIDs, base64 and most tracing ids), so it can go into logs and
/// headers without escaping and cannot smuggle anything; otherwise Edge generates one. Generated ids are
/// 16 random bytes as 32 lower-case hex digits, written into the exchange's own buffer (no Guid, no string).
/// </summary>
internal static class RequestIds
{
    /// <summary>Length of a generated id.</summary>
    public const int GeneratedLength = 32;

    public static bool IsValid(ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty || id.Length > RequestCorrelation.MaxRequestIdBytes) return false;
        foreach (var b in id)
        {
            var ok = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)':' or (byte)'+' or (byte)'/' or (byte)'=' or (byte)'@';
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Writes a fresh id (32 hex digits) into <paramref name="destination"/> and returns its length.</summary>
    public static int Generate(Span<byte> destination)
    {
        Span<byte> random = stackalloc byte[GeneratedLength / 2];
        // Random.Shared: thread-safe, lock-free, no allocation. Ids need to be unique, not secret.
        Random.Shared.NextBytes(random);
        return Generate(random, destination);
    }

    /// <summary>Writes an id from 16 random bytes the caller drew (one draw serves several ids per request).</summary>
    public static int Generate(ReadOnlySpan<byte> random16, Span<byte> destination)
    {
        HexDigits.Write(random16[..(GeneratedLength / 2)], destination);
        return GeneratedLength;
    }
}
