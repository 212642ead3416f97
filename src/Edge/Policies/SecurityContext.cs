using Edge.Security.ApiKeys;
using Edge.Security.Basic;
using Edge.Security.Jwt;
using Edge.Security.Revocation;

namespace Edge.Policies;

/// <summary>
/// The credential stores of one snapshot (<c>[auth]</c>), shared by every route's policies: the JWT
/// validator (issuers, keys, the verified-token cache), API key digests, Basic users, and the revocation
/// list. Immutable as a whole; a reload builds a new one and carries over what must survive: the
/// revocation list always (it is state, fed by the admin endpoint and the file), the token cache and the
/// validator when their definition is unchanged.
/// </summary>
internal sealed class SecurityContext
{
    public SecurityContext(RevocationState revocations, JwtValidator? jwt, VerifiedJwtCache? jwtCache, ApiKeyStore? apiKeys, BasicUserStore? basic, TimeProvider time)
    {
        Revocations = revocations;
        Jwt = jwt;
        JwtCache = jwtCache;
        ApiKeys = apiKeys;
        Basic = basic;
        Time = time;
    }

    /// <summary>No stores at all: what a config without <c>[auth]</c> gets.</summary>
    public static SecurityContext Empty(RevocationState revocations, TimeProvider time) => new(revocations, null, null, null, null, time);

    public RevocationState Revocations { get; }

    public JwtValidator? Jwt { get; }

    public VerifiedJwtCache? JwtCache { get; }

    public ApiKeyStore? ApiKeys { get; }

    public BasicUserStore? Basic { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// PBKDF2 checks that missed the cache and run at once (each costs ~0.2 s of CPU at 600,000
    /// iterations): at most one per core, so a flood of wrong passwords queues instead of taking every
    /// thread pool thread. Shared by every snapshot.
    /// </summary>
    public static readonly SemaphoreSlim BasicVerifications = new(Math.Max(1, Environment.ProcessorCount), Math.Max(1, Environment.ProcessorCount));
}

/// <summary>
/// The revocation list and its sweeper, created once and kept across reloads (revocations are state:
/// the admin endpoint adds to it, every load adds the <c>revoked</c> file's entries, nothing removes an
/// entry before its token expires). The sweeper drops expired entries once a minute, off the request
/// path; it stops when the state is no longer referenced.
/// </summary>
internal sealed class RevocationState
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Timer _sweeper;

    public RevocationState(TimeProvider time, int expectedTokenIds = 1024)
    {
        List = new RevocationList(expectedTokenIds);
        var list = List;
        _sweeper = new Timer(static state =>
        {
            var (list, time) = ((RevocationList, TimeProvider))state!;
            list.Sweep(time.GetUtcNow().ToUnixTimeSeconds());
        }, (list, time), SweepInterval, SweepInterval);
    }

    public RevocationList List { get; }

    /// <summary>Revocations added through the admin endpoint since start.</summary>
    public long AdminAdded => Volatile.Read(ref _adminAdded);

    /// <summary>Entries read from the <c>revoked</c> file, summed over every load.</summary>
    public long FileLoaded => Volatile.Read(ref _fileLoaded);

    /// <summary>When the <c>revoked</c> file was last read into the list (null: never).</summary>
    public DateTimeOffset? FileLoadedAt { get; private set; }

    private long _adminAdded;
    private long _fileLoaded;

    public void CountAdmin(int entries) => Interlocked.Add(ref _adminAdded, entries);

    public void CountFile(int entries, DateTimeOffset at)
    {
        Interlocked.Add(ref _fileLoaded, entries);
        FileLoadedAt = at;
    }

    /// <summary>Runs a sweep now (tests; the timer does it every minute).</summary>
    public int Sweep(long now) => List.Sweep(now);

    internal Timer Sweeper => _sweeper;
}
