using Edge.Config.Model;
using Edge.Policies;
using Edge.Routing;
using Edge.Transport.Tls;
using Edge.Upstream;

namespace Edge.Snapshot;

/// <summary>
/// Everything a request needs, compiled from one config and never mutated (DESIGN.md §1): the route
/// trie, the route actions by route id, and the upstream clusters. A request reads the current
/// snapshot once and uses it to its end; a reload swaps in a new one.
/// </summary>
internal sealed class RuntimeSnapshot
{
    public required EdgeConfig Config { get; init; }
    public required RouteTrie Trie { get; init; }
    public required RouteAction[] Routes { get; init; }
    public required IReadOnlyDictionary<string, UpstreamCluster> Clusters { get; init; }
    public required long Generation { get; init; }

    /// <summary>How endpoint host names were resolved; a reload uses the same.</summary>
    public required HostResolver Resolver { get; init; }

    /// <summary>
    /// Each listener's TLS settings, by index into <c>Config.Listeners</c> (null for cleartext ones):
    /// certificates and CA bundles read from disk by this load. A reload installs them into listeners it
    /// keeps, so changed certificate files apply without rebinding.
    /// </summary>
    public IReadOnlyList<TlsServerSettings?> ListenerTls { get; init; } = [];

    /// <summary>Where failed TLS handshakes are logged (rate-limited); a reload uses the same. Null: not logged.</summary>
    public TlsFailureLog? TlsLog { get; init; }

    /// <summary>The credential stores and the revocation list every route's policies use.</summary>
    public required SecurityContext Security { get; init; }

    /// <summary>What <see cref="Security"/> was built from: the next load keeps what did not change.</summary>
    public required SecurityInputs SecurityInputs { get; init; }

    /// <summary>Every throttle bucket and table the routes use, the throttle clock and the tiers; the next reload keeps what did not change.</summary>
    public ThrottleState? Throttle { get; init; }

    /// <summary>Some route has a CORS policy: OPTIONS preflights are looked for before routing.</summary>
    public bool HasCors { get; init; }

    /// <summary>SHA-256 of the config file's bytes (hex), to tell operators which file is live.</summary>
    public required string Hash { get; init; }

    public required string SourcePath { get; init; }
    public required DateTimeOffset LoadedAt { get; init; }
}
