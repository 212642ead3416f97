namespace Edge.Security.Jwt.Keys;

/// <summary>
/// One issuer's trusted keys, looked up by the token's <c>kid</c> only in this in-memory list: a kid
/// is never a path, URL or query (RFC 8725 §3.10), so "../../dev/null" or a 10 KB kid just misses.
/// Immutable; built once per configuration.
/// </summary>
internal sealed class JwtKeySet : IDisposable
{
    private readonly JwtSigningKey[] _keys;

    public JwtKeySet(IEnumerable<JwtSigningKey> keys)
    {
        _keys = [.. keys];
    }

    public IReadOnlyList<JwtSigningKey> Keys => _keys;

    /// <summary>
    /// The key for a token header: the key whose kid equals the token's; else, when the set has
    /// exactly one key, that key if the token has no kid or the key has none (or came from PEM).
    /// With several keys a token must name one: trying each key in turn would multiply the
    /// signature work an attacker can cause.
    /// </summary>
    public JwtSigningKey? Find(ReadOnlySpan<byte> kid, bool hasKid)
    {
        if (hasKid)
        {
            foreach (var key in _keys)
            {
                if (key.KidUtf8 is { } k && kid.SequenceEqual(k)) return key;
            }
        }
        if (_keys.Length != 1) return null;
        var only = _keys[0];
        return !hasKid || only.Kid is null || only.FromPem ? only : null;
    }

    public void Dispose()
    {
        foreach (var key in _keys) key.Dispose();
    }
}
