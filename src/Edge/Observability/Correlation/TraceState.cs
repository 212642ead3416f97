namespace Edge.Observability.Correlation;

/// <summary>
/// Bounds on the <c>tracestate</c> Edge passes on (W3C Trace Context §3.3). Edge is not a vendor in the
/// list, so it propagates the client's members unchanged when they are well-formed and within
/// <see cref="MaxBytes"/> (the spec's "at least 512 characters" a vendor should propagate) and
/// <see cref="MaxMembers"/> (§3.3.1.1: "can have a maximum of 32 list-members"); otherwise it drops the
/// whole field (§3.3.1.1 allows discarding it when it cannot be parsed). It is only passed on with a valid
/// traceparent (§4.3: a new trace starts with no tracestate).
/// </summary>
internal static class TraceState
{
    public const int MaxBytes = 512;

    public const int MaxMembers = 32;

    /// <summary>
    /// Whether a (combined) tracestate value may be passed on: printable ASCII without '=' missing from
    /// any non-empty member, at most <see cref="MaxMembers"/> members and <see cref="MaxBytes"/> bytes.
    /// </summary>
    public static bool IsPropagatable(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > MaxBytes) return false;
        var members = 0;
        foreach (var range in value.Split((byte)','))
        {
            var member = value[range].Trim((byte)' ').Trim((byte)'\t');
            if (member.IsEmpty) continue; // empty list-members are allowed (§3.3.1.1)
            if (++members > MaxMembers) return false;
            var eq = member.IndexOf((byte)'=');
            if (eq <= 0 || eq == member.Length - 1) return false;
            foreach (var b in member)
            {
                if (b is < 0x20 or > 0x7E) return false;
            }
        }
        return members > 0;
    }
}
