using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Edge.Config.Model;
using Edge.Http;
using Edge.Observability.Metrics;
using Edge.Policies;
using Edge.Routing;
using Edge.Transport.Tls;
using Edge.Upstream;
using Edge.Upstream.Balancing;
using Edge.Upstream.Health;
using Edge.Upstream.Retries;

namespace Edge.Snapshot;

/// <summary>
/// Compiles a validated config into a <see cref="RuntimeSnapshot"/>, off the request path. Upstream
/// clusters whose definition is unchanged are taken over from the previous snapshot, so their pools
/// (and later their health and balancing state) survive a reload; the caller disposes the rest.
/// </summary>
internal static class SnapshotCompiler
{
    /// <param name="time">The clock of token and credential checks (tests pass a manual one); defaults to the previous snapshot's, else the system clock.</param>
    public static RuntimeSnapshot Compile(EdgeConfig config, ReadOnlySpan<byte> fileBytes, string sourcePath, long generation, RuntimeSnapshot? previous,
        out List<SnapshotProblem> problems, HostResolver? resolver = null, TlsFailureLog? tlsLog = null, TimeProvider? time = null)
    {
        problems = new List<SnapshotProblem>();
        resolver ??= previous?.Resolver ?? HostResolvers.System;
        tlsLog ??= previous?.TlsLog;
        time ??= previous?.Security.Time ?? TimeProvider.System;
        UnsupportedFeatures.Check(config, problems);
        // Certificate, key and CA paths are relative to the config file, so a config and its certificates move together.
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? "";
        var listenerTls = new TlsServerSettings?[config.Listeners.Count];
        for (var l = 0; l < config.Listeners.Count; l++)
            listenerTls[l] = ListenerTlsCompiler.Compile(config.Listeners[l], l, baseDirectory, problems);

        var clusters = new Dictionary<string, UpstreamCluster>(StringComparer.Ordinal);
        for (var u = 0; u < config.Upstreams.Count; u++)
        {
            var upstream = config.Upstreams[u];
            var tls = UpstreamTlsCompiler.Compile(upstream, u, baseDirectory, tlsLog, problems);
            // Kept (pools, health, retry budget) only when nothing changed: its host names and its TLS files included.
            if (previous is not null && previous.Clusters.TryGetValue(upstream.Name, out var old) && Equals(old.Definition, upstream)
                && EndpointBuilder.SameAddresses(old, upstream, resolver) && old.Options.Tls?.MaterialHash == tls?.MaterialHash)
                clusters[upstream.Name] = old;
            else
                clusters[upstream.Name] = BuildCluster(upstream, config.Server.Limits, tls, new EndpointBuilder(resolver, problems, $"upstreams[{u}]"));
        }

        var security = SecurityCompiler.Compile(config, baseDirectory, previous, time, problems, out var securityInputs);
        // Buckets and tables whose definition is unchanged are taken over from the previous snapshot.
        var throttle = new ThrottleCompiler(config.Throttle, previous?.Throttle, time, problems);

        // Request series survive a reload when their route's name (API, methods, path) is unchanged.
        var previousMetrics = new Dictionary<string, RouteMetrics>(StringComparer.Ordinal);
        foreach (var old in previous?.Routes ?? []) previousMetrics.TryAdd(old.RouteName, old.Metrics);
        var definitions = new List<RouteDefinition>();
        var actions = new List<RouteAction>();
        var origins = new List<(int Api, int Resource)>(); // per route; its key path is rendered only for a problem
        for (var a = 0; a < config.Apis.Count; a++)
        {
            var api = config.Apis[a];
            var policies = new PolicyCompiler(api, a, security, problems, throttle);
            // An API without resources forwards everything under its base path (every method).
            var resources = api.Resources.IsEmpty ? [CatchAll] : (IReadOnlyList<ResourceConfig>)api.Resources;
            for (var r = 0; r < resources.Count; r++)
            {
                var resource = resources[r];
                definitions.Add(new RouteDefinition
                {
                    Hosts = api.Hosts, // read-only lists: no copy per route
                    BasePath = api.BasePath,
                    Template = resource.Path,
                    Methods = resource.Methods,
                    RouteId = actions.Count,
                });
                // The resource's key path is rendered only when a policy problem is reported (reload speed).
                actions.Add(BuildAction(api, resource, clusters, config.Server.Limits, policies.Compile(resource, r), previousMetrics));
                origins.Add((a, api.Resources.IsEmpty ? -1 : r));
            }
        }
        var trie = RouteTrieCompiler.Compile(definitions);
        foreach (var p in trie.Problems) problems.Add(new SnapshotProblem(KeyPathOf(origins[p.RouteIndex]), p.Message));

        return new RuntimeSnapshot
        {
            Config = config,
            Trie = trie,
            Routes = actions.ToArray(),
            Security = security,
            SecurityInputs = securityInputs,
            Throttle = throttle.Finish(),
            HasCors = actions.Exists(r => r.Policies?.Cors is not null),
            Clusters = clusters,
            Generation = generation,
            Resolver = resolver,
            ListenerTls = listenerTls,
            TlsLog = tlsLog,
            Hash = Convert.ToHexStringLower(SHA256.HashData(fileBytes)),
            SourcePath = sourcePath,
            LoadedAt = DateTimeOffset.UtcNow,
        };
    }

    private static readonly ResourceConfig CatchAll = new("/*", default, null, null, null, null, null, null, null, null, null);

    private static RouteAction BuildAction(ApiConfig api, ResourceConfig resource, Dictionary<string, UpstreamCluster> clusters, LimitsConfig limits, RoutePolicies? policies,
        Dictionary<string, RouteMetrics> previousMetrics)
    {
        var methods = JoinMethods(resource.Methods);
        var upstreamName = resource.Upstream ?? api.Upstream;
        var cluster = resource.Respond is null && upstreamName is not null ? clusters.GetValueOrDefault(upstreamName) : null;
        var routeName = $"{api.Name}:{methods} {resource.Path}";
        return new RouteAction
        {
            ApiName = api.Name,
            RouteName = routeName,
            Metrics = previousMetrics.GetValueOrDefault(routeName) ?? new RouteMetrics(api.Name, $"{methods} {resource.Path}", resource.Methods),
            Errors = api.Errors == ErrorFormat.Xml ? FaultFormat.Xml : FaultFormat.Json,
            Respond = resource.Respond is { } r ? BuildDirect(r) : null,
            Cluster = cluster,
            RewritePrefix = api.Rewrite is { Length: > 0 } rewrite ? Encoding.ASCII.GetBytes(rewrite.TrimEnd('/')) : [],
            Host = HostFor(cluster),
            BodyLimit = (resource.BodyLimit ?? api.BodyLimit ?? limits.Body).Bytes,
            RetryNonIdempotent = resource.RetryNonIdempotent ?? (cluster?.Retry.NonIdempotent ?? false),
            WebSocket = resource.WebSocket ?? api.WebSocket,
            Policies = policies,
        };
    }

    private static string KeyPathOf((int Api, int Resource) origin) => origin.Resource < 0
        ? $"apis[{origin.Api}].base_path"
        : $"apis[{origin.Api}].resources[{origin.Resource}].path";

    /// <summary>"GET,PUT" ("*" for every method), without boxing the list for <see cref="string.Join(char, IEnumerable{string})"/>.</summary>
    private static string JoinMethods(ValueList<string> methods)
    {
        if (methods.Count == 0) return "*";
        if (methods.Count == 1) return methods[0];
        var length = methods.Count - 1;
        for (var i = 0; i < methods.Count; i++) length += methods[i].Length;
        return string.Create(length, methods, static (span, list) =>
        {
            var at = 0;
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0) span[at++] = ',';
                list[i].CopyTo(span[at..]);
                at += list[i].Length;
            }
        });
    }

    private static HostRewrite HostFor(UpstreamCluster? cluster)
    {
        if (cluster?.Definition is not UpstreamConfig u) return new HostRewrite(HostRewriteMode.Endpoint, null);
        return u.HostHeader switch
        {
            HostHeaderMode.Preserve => new HostRewrite(HostRewriteMode.Preserve, null),
            HostHeaderMode.Literal => new HostRewrite(HostRewriteMode.Literal, Encoding.ASCII.GetBytes(u.HostHeaderValue ?? "")),
            _ => new HostRewrite(HostRewriteMode.Endpoint, null),
        };
    }

    private static DirectResponse BuildDirect(RespondConfig respond)
    {
        var head = new HttpResponseHead { Status = respond.Status };
        var contentType = respond.Json is not null ? "application/json" : "text/plain; charset=utf-8";
        foreach (var h in respond.Headers)
        {
            if (string.Equals(h.Name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = h.Value;
                continue;
            }
            head.AddHeader(Encoding.ASCII.GetBytes(h.Name), Encoding.UTF8.GetBytes(h.Value));
        }
        return new DirectResponse
        {
            Head = head,
            Body = Encoding.UTF8.GetBytes(respond.Json ?? respond.Body ?? ""),
            ContentType = Encoding.UTF8.GetBytes(contentType),
        };
    }

    private static UpstreamCluster BuildCluster(UpstreamConfig upstream, LimitsConfig limits, TlsClientSettings? tls, EndpointBuilder builder)
    {
        var options = new UpstreamPoolOptions
        {
            MaxConnections = upstream.Pool.MaxConnections,
            IdleTimeout = upstream.Pool.IdleTimeout.ToTimeSpan(),
            ConnectTimeout = upstream.ConnectTimeout.ToTimeSpan(),
            ResponseTimeout = upstream.ResponseTimeout.ToTimeSpan(),
            BodyIdleTimeout = upstream.IdleTimeout.ToTimeSpan(),
            Limits = HttpParserLimits.Default with { MaxHeadBytes = (int)limits.RequestHead.Bytes, MaxHeaderCount = limits.Headers },
            Tls = tls,
            // "A few" multiplexed connections: never more than the HTTP/1.1 pool may open.
            MaxHttp2Connections = Math.Min(4, upstream.Pool.MaxConnections),
        };
        var passive = new PassiveHealthOptions(upstream.Passive.ConsecutiveFailures, upstream.Passive.Eject.ToTimeSpan());
        var endpoints = upstream.Endpoints.Select((e, i) => builder.Build(e, options, passive, $"endpoints[{i}]", upstream.Protocol)).ToArray();
        var failover = upstream.Failover.Select((e, i) => builder.Build(e, options, passive, $"failover[{i}]", upstream.Protocol)).ToArray();
        var health = upstream.Health is { } h
            ? new ActiveHealthOptions(h.Path, h.Interval.ToTimeSpan(), h.Timeout.ToTimeSpan(), h.Healthy, h.Unhealthy)
            : null;
        var balance = upstream.Balance switch
        {
            BalancePolicy.LeastRequests => BalanceMode.LeastRequests,
            BalancePolicy.RandomTwo => BalanceMode.RandomTwo,
            _ => BalanceMode.RoundRobin,
        };
        var retry = new RetryPolicy(upstream.Retries.Count, upstream.Retries.Budget, upstream.Retries.NonIdempotent);
        return new UpstreamCluster(upstream.Name, endpoints, failover, balance, health, options, upstream, retry: retry);
    }
}
