namespace Edge.Throttling;

/// <summary>
/// Throttle state by definition, so a config reload keeps the buckets of every limit whose definition did
/// not change (DESIGN.md §1). The snapshot compiler builds a new registry from the previous one, asks it
/// for the state of each limit in the new config — getting the previous object back when the
/// <see cref="ThrottleStateKey"/> is equal, a fresh one otherwise — and then calls <see cref="Seal"/>.
/// State for limits that disappeared stays with the old registry and goes when the old snapshot does.
/// </summary>
/// <remarks>
/// Not thread-safe by design: reloads are serialized and run off the request path; requests only use the
/// tables and buckets handed out, never the registry.
/// </remarks>
internal sealed class ThrottleStateRegistry
{
    private readonly Dictionary<ThrottleStateKey, object> _states = [];
    private ThrottleStateRegistry? _previous;

    public ThrottleStateRegistry(ThrottleStateRegistry? previous = null) => _previous = previous;

    /// <summary>Pieces of state handed out.</summary>
    public int Count => _states.Count;

    /// <summary>Pieces of state carried over from the previous registry.</summary>
    public int Carried { get; private set; }

    public KeyedBucketTable Table(ThrottleStateKey key)
    {
        if (key.Table is null) throw new ArgumentException("a keyed limit needs table options", nameof(key));
        return (KeyedBucketTable)GetOrCreate(key, static k => new KeyedBucketTable(k.Limit, k.Table!));
    }

    public TokenBucket Bucket(ThrottleStateKey key)
    {
        if (key.Table is not null) throw new ArgumentException("a single bucket takes no table options", nameof(key));
        return (TokenBucket)GetOrCreate(key, static k => new TokenBucket(k.Limit));
    }

    /// <summary>
    /// Every keyed table handed out, with its identity: what /metrics reads (<see cref="KeyedBucketTable.Counters"/>,
    /// <see cref="KeyedBucketTable.Count"/>, <see cref="KeyedBucketTable.MemoryBytes"/>). A snapshot of the list; the
    /// registry is not touched after the reload that built it.
    /// </summary>
    public IReadOnlyList<(ThrottleStateKey Key, KeyedBucketTable Table)> Tables =>
        [.. _states.Where(s => s.Value is KeyedBucketTable).Select(s => (s.Key, (KeyedBucketTable)s.Value))];

    /// <summary>Every single (constant-key) bucket handed out, with its identity.</summary>
    public IReadOnlyList<(ThrottleStateKey Key, TokenBucket Bucket)> Buckets =>
        [.. _states.Where(s => s.Value is TokenBucket).Select(s => (s.Key, (TokenBucket)s.Value))];

    /// <summary>Drops the link to the previous registry, so registries do not chain across reloads.</summary>
    public void Seal() => _previous = null;

    private object GetOrCreate(ThrottleStateKey key, Func<ThrottleStateKey, object> create)
    {
        if (_states.TryGetValue(key, out var state)) return state;
        if (_previous is not null && _previous._states.TryGetValue(key, out state)) Carried++;
        else state = create(key);
        _states.Add(key, state);
        return state;
    }
}
