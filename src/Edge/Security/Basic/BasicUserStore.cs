using System.Text;

namespace Edge.Security.Basic;

/// <summary>
/// Checks Basic credentials against <c>[[auth.basic_users]]</c>: a cache hit costs one HMAC; a miss
/// runs PBKDF2 for the named user, or, for an unknown user, against a dummy hash with the same
/// iteration count so the response time does not tell which user names exist.
/// PBKDF2 is deliberately slow: the caller should run misses off the I/O loop and throttle them.
/// </summary>
internal sealed class BasicUserStore
{
    /// <summary>Longest user-id accepted (bytes); longer ones are treated as unknown.</summary>
    public const int MaxUserBytes = 256;

    private readonly Dictionary<string, BasicUser> _users;
    private readonly Dictionary<string, BasicUser>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly VerifiedCredentialCache? _cache;
    private readonly TimeProvider _time;
    private readonly long _ttlTicks;
    private readonly Pbkdf2Hash _dummy;

    /// <param name="cacheSize">Verified pairs kept; 0 disables the cache.</param>
    /// <param name="cacheTtl">How long a verified pair is trusted without PBKDF2 (a changed password
    /// takes effect on reload, which builds a new store).</param>
    public BasicUserStore(IEnumerable<BasicUser> users, int cacheSize, TimeSpan cacheTtl, TimeProvider time)
    {
        _users = new Dictionary<string, BasicUser>(StringComparer.Ordinal);
        foreach (var u in users)
        {
            if (!_users.TryAdd(u.Name, u)) throw new ArgumentException($"basic user '{u.Name}' is configured twice", nameof(users));
        }
        _byName = _users.GetAlternateLookup<ReadOnlySpan<char>>();
        _cache = cacheSize > 0 ? new VerifiedCredentialCache(cacheSize) : null;
        _time = time;
        _ttlTicks = cacheTtl.Ticks;
        var iterations = _users.Count == 0 ? Pbkdf2Hash.DefaultIterations : _users.Values.Max(u => u.Hash.Iterations);
        _dummy = Pbkdf2Hash.Create("edge-dummy-password"u8, iterations);
    }

    public int Count => _users.Count;

    /// <summary>Whether a verification can hit the cache at all (false: every check runs PBKDF2).</summary>
    public bool HasCache => _cache is not null;

    /// <summary>
    /// The cached answer for these credentials, if they were verified within the TTL: one HMAC, no
    /// PBKDF2, no allocation. Null means "not known", not "wrong": call <see cref="Verify"/> (slow,
    /// best off the I/O thread) to decide.
    /// </summary>
    /// <param name="credentials">Decoded <c>user:password</c>.</param>
    public BasicUser? FindCached(ReadOnlySpan<byte> credentials)
    {
        if (_cache is null) return null;
        Span<byte> mac = stackalloc byte[32];
        _cache.ComputeKey(credentials, mac);
        return _cache.Find(mac, _time.GetUtcNow().UtcTicks);
    }

    /// <summary>The user, or null for an unknown user or a wrong password.</summary>
    /// <param name="credentials">Decoded <c>user:password</c>.</param>
    /// <param name="colon">Index of the first ':' in <paramref name="credentials"/>.</param>
    public BasicUser? Verify(ReadOnlySpan<byte> credentials, int colon)
    {
        var now = _time.GetUtcNow().UtcTicks;
        Span<byte> mac = stackalloc byte[32];
        if (_cache is not null)
        {
            _cache.ComputeKey(credentials, mac);
            if (_cache.Find(mac, now) is { } cached) return cached;
        }
        var password = credentials[(colon + 1)..];
        var user = FindUser(credentials[..colon]);
        if (user is null)
        {
            _dummy.Verify(password);
            return null;
        }
        if (!user.Hash.Verify(password)) return null;
        _cache?.Add(mac, user, now + _ttlTicks, now);
        return user;
    }

    private BasicUser? FindUser(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxUserBytes || !System.Text.Unicode.Utf8.IsValid(name)) return null;
        Span<char> chars = stackalloc char[MaxUserBytes];
        if (!Encoding.UTF8.TryGetChars(name, chars, out var written)) return null;
        return _byName.TryGetValue(chars[..written], out var user) ? user : null;
    }
}
