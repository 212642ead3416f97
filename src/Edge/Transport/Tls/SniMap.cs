namespace Edge.Transport.Tls;

/// <summary>
/// Server names (SNI, RFC 6066 §3) to values: exact names first, then <c>*.example.com</c> wildcards,
/// which — as in certificate matching (RFC 6125 §6.4.3) — stand for exactly one leftmost label:
/// <c>a.example.com</c> matches, <c>example.com</c> and <c>a.b.example.com</c> do not. Names compare
/// ASCII case-insensitively and a trailing root dot is ignored. Built once per listener config; lookups
/// are read-only, so any number of handshakes may share it.
/// </summary>
internal sealed class SniMap<T> where T : class
{
    private readonly Dictionary<string, T> _exact = new(StringComparer.OrdinalIgnoreCase);
    // Keyed by the part after "*." (the parent domain the wildcard's one label sits under).
    private readonly Dictionary<string, T> _wildcard = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _exact.Count + _wildcard.Count;

    /// <summary>Adds <paramref name="pattern"/> (a host name or <c>*.</c>parent); false when it is already mapped.</summary>
    public bool TryAdd(string pattern, T value)
    {
        pattern = pattern.TrimEnd('.');
        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? _wildcard.TryAdd(pattern[2..], value)
            : _exact.TryAdd(pattern, value);
    }

    /// <summary>The value for <paramref name="serverName"/>, or null (no SNI, or no pattern covers it).</summary>
    public T? Match(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName)) return null;
        var name = serverName.AsSpan().TrimEnd('.');
        if (name.IsEmpty) return null;
        if (_exact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var exact)) return exact;
        var dot = name.IndexOf('.');
        // The wildcard label must be non-empty and the parent must remain: ".example.com" matches nothing.
        if (dot <= 0 || dot == name.Length - 1 || _wildcard.Count == 0) return null;
        return _wildcard.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[(dot + 1)..], out var wild) ? wild : null;
    }
}
