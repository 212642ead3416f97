namespace Edge.Observability;

/// <summary>
/// Writes <see cref="AccessLogFlags"/> as "truncated,client_aborted" without Enum.ToString (which allocates
/// and reflects over metadata).
/// </summary>
internal static class AccessLogFlagNames
{
    /// <summary>Enough for every flag set at once.</summary>
    public const int MaxLength = 96;

    public static int Write(AccessLogFlags flags, Span<byte> destination)
    {
        var length = 0;
        Append(flags, AccessLogFlags.Truncated, "truncated"u8, destination, ref length);
        Append(flags, AccessLogFlags.ClientAborted, "client_aborted"u8, destination, ref length);
        Append(flags, AccessLogFlags.UpstreamError, "upstream_error"u8, destination, ref length);
        Append(flags, AccessLogFlags.Retried, "retried"u8, destination, ref length);
        Append(flags, AccessLogFlags.DirectResponse, "direct"u8, destination, ref length);
        Append(flags, AccessLogFlags.PathTruncated, "path_truncated"u8, destination, ref length);
        return length;
    }

    private static void Append(AccessLogFlags flags, AccessLogFlags flag, ReadOnlySpan<byte> name, Span<byte> destination, ref int length)
    {
        if ((flags & flag) == 0)
            return;
        if (length > 0)
            destination[length++] = (byte)',';
        name.CopyTo(destination[length..]);
        length += name.Length;
    }
}
